//! Personal API tokens, as their owner sees them in a list.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::TokenLabel;

/// A token without its secret: the secret is shown once, at creation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenInfo {
    pub id: i64,
    pub label: TokenLabel,
    #[serde(deserialize_with = "super::rfc3339::moment")]
    pub created_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "super::rfc3339::optional_moment")]
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A token just created: the only time its secret is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiToken {
    pub id: i64,
    pub label: TokenLabel,
    pub token: String,
}
