//! papo's browser entry point: hydrates the server-rendered page.

// The release build (`make run`, `make bench`) computes the layout of the
// page's nested view types, deeper than the default limit of 128.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
