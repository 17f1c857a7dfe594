//! Accounts and sessions: register, sign in, sign out.

use leptos::prelude::*;

use crate::{domain::User, error::ChatError};

#[cfg(feature = "ssr")]
use super::context;

/// Creates an account (or turns this guest's name into one), signs it in,
/// and goes back to the chat.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn register(name: String, password: String) -> Result<User, ChatError> {
    use crate::domain::{Nickname, Password};
    context::with_status(
        async {
            let name = Nickname::parse(&name)?;
            let password = Password::parse(&password)?;
            let current = context::viewer();
            let session = context::backend()?
                .register(name, password, current.as_ref(), context::client_ip())
                .await?;
            context::enter_chat(session)
        }
        .await,
    )
}

/// Signs a registered account in and goes back to the chat.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn sign_in(name: String, password: String) -> Result<User, ChatError> {
    context::with_status(
        async {
            let session = context::backend()?
                .sign_in(&name, &password, context::client_ip())
                .await?;
            context::enter_chat(session)
        }
        .await,
    )
}

/// Ends this session and goes back to the front page.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn sign_out() -> Result<(), ChatError> {
    context::with_status(
        async {
            let backend = context::backend()?;
            if let Some(session) = context::current_session() {
                backend.sign_out(&session).await?;
            }
            context::set_cookie(&backend.expired_session_cookie(context::secure_cookies()))?;
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

/// Ends every session of the signed-in person, this one included.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn sign_out_everywhere() -> Result<(), ChatError> {
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let session = context::in_session()?;
            let backend = context::backend()?;
            backend.sign_out_everywhere(&viewer, &session).await?;
            context::set_cookie(&backend.expired_session_cookie(context::secure_cookies()))?;
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}
