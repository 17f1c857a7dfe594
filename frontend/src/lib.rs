//! papo's browser entry point: hydrates the server-rendered page.

// Built without `--cfg erase_components` (a plain `cargo build` or `cargo
// clippy`; cargo-leptos and `make test` erase), the page's nested view types
// go deeper than the default limit of 128.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
