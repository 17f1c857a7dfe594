//! Creating a personal API token, and showing its secret the one time it
//! exists outside the database (only its hash is stored).

use leptos::prelude::*;

use crate::{domain::NewApiToken, server_fns::CreateToken, text, Hydrated};

/// Unlike papo's other forms this one waits for JavaScript: a plain form post
/// is answered with a redirect that cannot carry the secret, so the token
/// would be created and never seen.
#[component]
pub fn TokenForm(action: ServerAction<CreateToken>) -> impl IntoView {
    let Hydrated(hydrated) = expect_context::<Hydrated>();
    let error = move || {
        if action.pending().get() {
            return None;
        }
        action.value().get().and_then(Result::err).map(
            |e| view! { <p class="form-error" role="alert" id="token-error">{e.to_string()}</p> },
        )
    };
    view! {
        <ActionForm action=action>
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
                <button type="submit" disabled=move || !hydrated.get() aria-describedby="token-needs-js">
                    {text::CREATE_TOKEN_BUTTON}
                </button>
            </div>
        </ActionForm>
        <Show when=move || !hydrated.get()>
            <p id="token-needs-js" class="hint">{text::TOKEN_NEEDS_JAVASCRIPT}</p>
        </Show>
        {error}
    }
}

/// The secret of a token just created. It lives only in the action's value,
/// so a reload (or any other page) never shows it again.
#[component]
pub fn NewToken(token: NewApiToken) -> impl IntoView {
    let panel = NodeRef::<leptos::html::Div>::new();
    // Move focus to the secret so that it is read out and easy to copy.
    Effect::new(move |_| {
        if let Some(panel) = panel.get() {
            let _ = panel.focus();
        }
    });
    view! {
        <div class="new-token" role="status" tabindex="-1" node_ref=panel aria-labelledby="new-token-heading">
            <h3 id="new-token-heading">{text::NEW_TOKEN_HEADING} " · " {token.label.as_str().to_owned()}</h3>
            <p>{text::NEW_TOKEN_WARNING}</p>
            <code id="new-token">{token.token}</code>
        </div>
    }
}
