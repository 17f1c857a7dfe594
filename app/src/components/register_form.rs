//! The form that creates an account. A guest who registers under the name
//! they are chatting as keeps it, and their messages with it.

use leptos::prelude::*;

use crate::{
    components::server_form::{FormFields, ServerForm},
    server_fns::Register,
    text,
};

#[component]
pub fn RegisterForm(
    action: ServerAction<Register>,
    /// Filled in for a guest: the nickname they are chatting under.
    #[prop(optional)]
    name: String,
) -> impl IntoView {
    let error = move || {
        action.value().get().and_then(Result::err).map(
            |e| view! { <p class="form-error" role="alert" id="register-error">{e.to_string()}</p> },
        )
    };
    let args = |fields: &FormFields| Register {
        name: fields.text("name"),
        password: fields.text("password"),
    };
    view! {
        <section class="account-form" aria-labelledby="register-heading">
            <h2 id="register-heading">{text::REGISTER_HEADING}</h2>
            <p class="hint intro">{text::REGISTER_INTRO}</p>
            <ServerForm action=action args>
                <label for="register-name">{text::ACCOUNT_NAME_LABEL}</label>
                <input
                    id="register-name"
                    name="name"
                    value=name
                    autocomplete="username"
                    maxlength="32"
                    required
                    aria-describedby="register-name-hint register-error"
                />
                <p id="register-name-hint" class="hint">{text::JOIN_NAME_HINT}</p>
                <label for="register-password">{text::PASSWORD_LABEL}</label>
                <input
                    id="register-password"
                    name="password"
                    type="password"
                    autocomplete="new-password"
                    required
                    aria-describedby="register-password-hint register-error"
                />
                <p id="register-password-hint" class="hint">{text::PASSWORD_HINT}</p>
                <button type="submit">{text::REGISTER_BUTTON}</button>
            </ServerForm>
            {error}
        </section>
    }
}
