//! Creating a personal API token, and showing its secret the one time it
//! exists outside the database (only its hash is stored).

use leptos::prelude::*;

use crate::{
    components::server_form::{FormFields, ServerForm},
    server_fns::CreateToken,
    text,
};

/// Without JavaScript the form posts and the page comes back with the
/// secret (the server carries it in a one-time cookie).
#[component]
pub fn TokenForm(action: ServerAction<CreateToken>) -> impl IntoView {
    let error = move || {
        if action.pending().get() {
            return None;
        }
        action.value().get().and_then(Result::err).map(
            |e| view! { <p class="form-error" role="alert" id="token-error">{e.to_string()}</p> },
        )
    };
    let args = |fields: &FormFields| CreateToken {
        label: fields.text("label"),
    };
    view! {
        <ServerForm action=action args>
            <label for="token-label">{text::TOKEN_LABEL_LABEL}</label>
            <div class="inline-form">
                <input
                    id="token-label"
                    name="label"
                    maxlength="64"
                    required
                    placeholder=text::TOKEN_LABEL_PLACEHOLDER
                    aria-describedby="token-error"
                />
                <button type="submit">{text::CREATE_TOKEN_BUTTON}</button>
            </div>
        </ServerForm>
        {error}
    }
}

/// The secret of a token just created, shown this once: a reload (or any
/// other page) never shows it again.
#[component]
pub fn NewToken(secret: String) -> impl IntoView {
    let panel = NodeRef::<leptos::html::Div>::new();
    // Move focus to the secret so that it is read out and easy to copy.
    Effect::new(move |_| {
        if let Some(panel) = panel.get() {
            let _ = panel.focus();
        }
    });
    view! {
        <div class="new-token" role="status" tabindex="-1" node_ref=panel aria-labelledby="new-token-heading">
            <h3 id="new-token-heading">{text::NEW_TOKEN_HEADING}</h3>
            <p>{text::NEW_TOKEN_WARNING}</p>
            <code id="new-token">{secret}</code>
        </div>
    }
}
