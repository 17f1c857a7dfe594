//! The settings page: personal API tokens.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    domain::{ApiTokenInfo, NewApiToken, User},
    error::ChatError,
};

#[cfg(feature = "ssr")]
use super::context;

/// What the settings page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsSnapshot {
    pub me: User,
    pub registered: bool,
    /// An admin: the page links to `/admin`.
    pub admin: bool,
    /// The person's API tokens (empty for guests), without their secrets.
    pub tokens: Vec<ApiTokenInfo>,
    /// The secret of a token just created through a plain form post (no
    /// JavaScript); shown on this one page load and never again.
    pub revealed_token: Option<String>,
}

/// The settings of the signed-in person; `None` for a visitor.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn load_settings() -> Result<Option<SettingsSnapshot>, ChatError> {
    context::with_status(
        async {
            let Some(viewer) = context::viewer() else {
                return Ok(None);
            };
            let backend = context::backend()?;
            let tokens = if viewer.registered {
                backend.api_tokens(&viewer, &context::in_session()?).await?
            } else {
                Vec::new()
            };
            let admin = backend.is_admin(&viewer).await?;
            let revealed_token = context::cookie(crate::backend::REVEALED_TOKEN_COOKIE);
            if revealed_token.is_some() {
                context::set_cookie(
                    &backend.revealed_token_cookie(None, context::secure_cookies()),
                )?;
            }
            Ok(Some(SettingsSnapshot {
                me: viewer.user(),
                registered: viewer.registered,
                admin,
                tokens,
                revealed_token,
            }))
        }
        .await,
    )
}

/// Creates a personal API token; its secret is in the answer and nowhere else.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn create_token(label: String) -> Result<NewApiToken, ChatError> {
    use crate::domain::TokenLabel;
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let session = context::in_session()?;
            let label = TokenLabel::parse(&label)?;
            let backend = context::backend()?;
            let token = backend.create_api_token(&viewer, &session, label).await?;
            if context::is_form_post() {
                context::set_cookie(
                    &backend.revealed_token_cookie(Some(&token.token), context::secure_cookies()),
                )?;
            }
            Ok(token)
        }
        .await,
    )
}

/// Revokes one of the signed-in person's API tokens.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn revoke_token(id: i64) -> Result<(), ChatError> {
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let session = context::in_session()?;
            context::backend()?
                .revoke_api_token(&viewer, &session, id)
                .await
        }
        .await,
    )
}
