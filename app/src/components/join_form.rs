//! The form a visitor uses to pick a nickname.

use leptos::prelude::*;

use crate::{
    components::server_form::{FormFields, ServerForm},
    server_fns::JoinAsGuest,
    text,
};

#[component]
pub fn JoinForm(action: ServerAction<JoinAsGuest>) -> impl IntoView {
    let error = move || {
        action.value().get().and_then(Result::err).map(
            |e| view! { <p class="form-error" role="alert" id="join-error">{e.to_string()}</p> },
        )
    };
    let args = |fields: &FormFields| JoinAsGuest {
        name: fields.text("name"),
    };
    view! {
        <section class="join" aria-labelledby="join-heading">
            <h1 id="join-heading">{text::JOIN_HEADING}</h1>
            <p class="tagline">{text::TAGLINE}</p>
            <ServerForm action=action args>
                <label for="join-name">{text::JOIN_NAME_LABEL}</label>
                <input
                    id="join-name"
                    name="name"
                    autocomplete="nickname"
                    maxlength="32"
                    required
                    autofocus
                    aria-describedby="join-hint join-error"
                />
                <p id="join-hint" class="hint">{text::JOIN_NAME_HINT}</p>
                <button type="submit">{text::JOIN_BUTTON}</button>
            </ServerForm>
            {error}
            <p class="to-login">
                <a id="to-login" href="/login">{text::TO_LOGIN_LINK}</a>
            </p>
        </section>
    }
}
