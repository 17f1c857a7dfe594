//! `/login`: signing in to an account, or creating one, side by side. Both
//! are `ServerForm`s; on success the server sends the browser to the chat.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    components::{register_form::RegisterForm, sign_in_form::SignInForm},
    server_fns::{load_settings, Register, SignIn},
    text,
};

#[component]
pub fn LoginPage() -> impl IntoView {
    let sign_in = ServerAction::<SignIn>::new();
    let register = ServerAction::<Register>::new();
    // A guest's own nickname is the natural name to register under.
    let me = Resource::new(|| (), |_| load_settings());
    let guest_name = move || async move {
        match me.await {
            Ok(Some(settings)) if !settings.registered => settings.me.name.to_string(),
            _ => String::new(),
        }
    };

    view! {
        <Title text=text::LOGIN_TITLE/>
        <section class="login" aria-labelledby="login-heading">
            <h1 id="login-heading">{text::LOGIN_HEADING}</h1>
            <div class="account-forms">
                <SignInForm action=sign_in/>
                <Suspense>
                    {move || Suspend::new(async move {
                        let name = guest_name().await;
                        view! { <RegisterForm action=register name/> }
                    })}
                </Suspense>
            </div>
            <p class="back">
                <a href="/">{text::BACK_TO_CHAT}</a>
            </p>
        </section>
    }
}
