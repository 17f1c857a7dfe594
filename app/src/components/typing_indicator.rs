//! "ana is typing…" under the timeline: a polite live region, empty when
//! nobody types.

use leptos::prelude::*;

use crate::text;

#[component]
pub fn TypingIndicator(#[prop(into)] names: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <p class="typing" data-typing="" aria-live="polite">
            {move || names.with(|names| text::typing(names))}
        </p>
    }
}
