//! The form a registered person signs in with.

use leptos::prelude::*;

use crate::{
    components::server_form::{FormFields, ServerForm},
    server_fns::SignIn,
    text,
};

#[component]
pub fn SignInForm(action: ServerAction<SignIn>) -> impl IntoView {
    let error = move || {
        action.value().get().and_then(Result::err).map(
            |e| view! { <p class="form-error" role="alert" id="signin-error">{e.to_string()}</p> },
        )
    };
    let args = |fields: &FormFields| SignIn {
        name: fields.text("name"),
        password: fields.text("password"),
    };
    view! {
        <section class="account-form" aria-labelledby="signin-heading">
            <h2 id="signin-heading">{text::SIGN_IN_HEADING}</h2>
            <ServerForm action=action args>
                <label for="signin-name">{text::ACCOUNT_NAME_LABEL}</label>
                <input
                    id="signin-name"
                    name="name"
                    autocomplete="username"
                    maxlength="32"
                    required
                    aria-describedby="signin-error"
                />
                <label for="signin-password">{text::PASSWORD_LABEL}</label>
                <input
                    id="signin-password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    aria-describedby="signin-error"
                />
                <button type="submit">{text::SIGN_IN_BUTTON}</button>
            </ServerForm>
            {error}
        </section>
    }
}
