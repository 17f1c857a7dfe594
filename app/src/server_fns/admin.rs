//! The admin page: papo's live server stats, for admins only.

use leptos::prelude::*;

use crate::{domain::StatsSample, error::ChatError};

#[cfg(feature = "ssr")]
use super::context;

/// The last minute of server stats, oldest first; [`ChatError::NotFound`]
/// for anyone but an admin (visitors included), as if there were no page.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn load_admin() -> Result<Vec<StatsSample>, ChatError> {
    context::with_status(
        async {
            let viewer = context::viewer().ok_or(ChatError::NotFound)?;
            context::backend()?.server_stats(&viewer).await
        }
        .await,
    )
}
