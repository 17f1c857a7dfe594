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
    /// The person's API tokens (empty for guests), without their secrets.
    pub tokens: Vec<ApiTokenInfo>,
}

/// The settings of the signed-in person; `None` for a visitor.
#[server(prefix = "/rpc")]
pub async fn load_settings() -> Result<Option<SettingsSnapshot>, ChatError> {
    context::with_status(
        async {
            let Some(viewer) = context::viewer() else {
                return Ok(None);
            };
            let tokens = if viewer.registered {
                context::backend()?.api_tokens(&viewer).await?
            } else {
                Vec::new()
            };
            Ok(Some(SettingsSnapshot {
                me: viewer.user(),
                registered: viewer.registered,
                tokens,
            }))
        }
        .await,
    )
}

/// Creates a personal API token; its secret is in the answer and nowhere else.
#[server(prefix = "/rpc")]
pub async fn create_token(label: String) -> Result<NewApiToken, ChatError> {
    use crate::domain::TokenLabel;
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let label = TokenLabel::parse(&label)?;
            context::backend()?.create_api_token(&viewer, label).await
        }
        .await,
    )
}

/// Revokes one of the signed-in person's API tokens.
#[server(prefix = "/rpc")]
pub async fn revoke_token(id: i64) -> Result<(), ChatError> {
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            context::backend()?.revoke_api_token(&viewer, id).await
        }
        .await,
    )
}
