//! Who is an admin, and what admins see: the live server stats.
//!
//! An admin is a registered account (never a guest) that `PAPO_ADMINS`
//! names or, when it names nobody, the account registered first. Everyone
//! else is told that the admin pages do not exist ([`ChatError::NotFound`]).

use app::backend::AdminBackend;
use async_trait::async_trait;
use domain::{ChatError, StatsSample, Viewer};

use super::{internal, ChatService};

#[async_trait]
impl AdminBackend for ChatService {
    async fn is_admin(&self, viewer: &Viewer) -> Result<bool, ChatError> {
        if !viewer.registered {
            return Ok(false);
        }
        if !self.admins.is_empty() {
            return Ok(self.admins.contains(&viewer.name.key()));
        }
        let first = self
            .store
            .first_account()
            .await
            .map_err(|e| internal("looking up the first account", e))?;
        Ok(first == Some(viewer.user_id))
    }

    async fn server_stats(&self, viewer: &Viewer) -> Result<Vec<StatsSample>, ChatError> {
        self.admin_only(viewer).await?;
        Ok(self.stats.recent())
    }
}

impl ChatService {
    /// `Ok` for an admin; [`ChatError::NotFound`] for anyone else.
    pub async fn admin_only(&self, viewer: &Viewer) -> Result<(), ChatError> {
        if self.is_admin(viewer).await? {
            Ok(())
        } else {
            Err(ChatError::NotFound)
        }
    }
}
