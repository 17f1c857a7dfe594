//! The room header's account area: who is signed in, a way to register
//! (guests) or to the settings (accounts), and signing out. Signing out is an
//! `ServerForm`, so it works without JavaScript too.

use leptos::{either::Either, prelude::*};

use crate::{
    components::server_form::{FormFields, ServerForm},
    server_fns::SignOut,
    text,
};

#[component]
pub fn UserMenu(name: String, registered: bool, sign_out: ServerAction<SignOut>) -> impl IntoView {
    let account_link = if registered {
        Either::Left(view! { <a id="settings-link" href="/settings">{text::SETTINGS_LINK}</a> })
    } else {
        Either::Right(view! { <a id="register-link" href="/login">{text::REGISTER_LINK}</a> })
    };
    let error = move || {
        sign_out.value().get().and_then(Result::err).map(
            |e| view! { <p class="form-error" role="alert" id="sign-out-error">{e.to_string()}</p> },
        )
    };
    let args = |_: &FormFields| SignOut {};
    view! {
        <nav class="me" aria-label=text::ACCOUNT_MENU_LABEL>
            <span class="who">{text::SIGNED_IN_AS} " " <strong>{name}</strong></span>
            {account_link}
            <ServerForm action=sign_out args>
                <button id="sign-out" type="submit" class="quiet">{text::SIGN_OUT_BUTTON}</button>
            </ServerForm>
            {error}
        </nav>
    }
}
