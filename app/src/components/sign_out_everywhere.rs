//! Ending every session of an account at once, this one included.

use leptos::prelude::*;

use crate::{
    components::server_form::{FormFields, ServerForm},
    server_fns::SignOutEverywhere,
    text,
};

#[component]
pub fn SignOutEverywhereForm(action: ServerAction<SignOutEverywhere>) -> impl IntoView {
    let error = move || {
        action.value().get().and_then(Result::err).map(|e| {
            view! { <p class="form-error" role="alert" id="sign-out-everywhere-error">{e.to_string()}</p> }
        })
    };
    let args = |_: &FormFields| SignOutEverywhere {};
    view! {
        <p class="hint">{text::SESSIONS_INTRO}</p>
        <ServerForm action=action args>
            <button id="sign-out-everywhere" type="submit" class="danger">
                {text::SIGN_OUT_EVERYWHERE_BUTTON}
            </button>
        </ServerForm>
        {error}
    }
}
