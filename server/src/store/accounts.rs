//! People, their sessions and their API tokens.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::{ApiTokenInfo, Nickname, TokenLabel, Viewer};

use super::{StoreResult, TokenHash};
use crate::live::event_log::StoredEvent;

/// A session opened by joining or registering, and the guest it retired
/// to free the name, if it did.
#[derive(Debug)]
pub struct Opened {
    pub viewer: Viewer,
    pub retired: Option<RetiredGuest>,
}

/// An idle guest whose name passed to someone else: its sessions are
/// deleted and it left every channel, so whatever it still has open must
/// end (see `ChatService::retire`).
#[derive(Debug)]
pub struct RetiredGuest {
    pub user_id: i64,
    /// Its `member_left` events, one for each channel it was in but
    /// #general: everyone is in #general, joined without an event, and
    /// the name's next holder takes its place there.
    pub left: Vec<StoredEvent>,
}

#[async_trait]
pub trait Accounts: Send + Sync {
    /// Gives `name` a new session that expires at `expires_at`. Creates the
    /// user. A guest name nobody has an active session for can be taken:
    /// the newcomer is a new user (the old one keeps its messages under the
    /// name, and nothing else passes on: it is [`Opened::retired`]).
    /// [`StoreError::NameTaken`] if someone has a session under the name,
    /// or if it is an account.
    async fn open_guest_session(
        &self,
        name: &Nickname,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<Opened>;

    /// Creates a registered account named `name` and opens a session for it.
    /// The guest of that name becomes the account (keeping its messages,
    /// channels and DMs) when it is `claimant`, and its other sessions end:
    /// they were opened by whoever knew the guest's token, not with the
    /// password. A guest name nobody has an active session for is taken
    /// as a new user, as in [`Accounts::open_guest_session`]; otherwise,
    /// and for an existing account, [`StoreError::NameTaken`].
    async fn register(
        &self,
        name: &Nickname,
        password_hash: &str,
        claimant: Option<i64>,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<Opened>;

    /// The registered account called `name` (in any case) and its password hash.
    async fn account(&self, name: &Nickname) -> StoreResult<Option<(Viewer, String)>>;

    /// The id of the account registered first (a guest that registers
    /// counts from then, not from when it joined); `None` before anyone
    /// registers. Without `PAPO_ADMINS`, this account is papo's admin.
    async fn first_account(&self) -> StoreResult<Option<i64>>;

    /// Opens a session for an existing user.
    async fn open_session(
        &self,
        user_id: i64,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Ends one session.
    async fn close_session(&self, token_hash: &TokenHash) -> StoreResult<()>;

    /// Ends every session of a user.
    async fn close_all_sessions(&self, user_id: i64) -> StoreResult<()>;

    async fn create_api_token(
        &self,
        user_id: i64,
        label: &TokenLabel,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
    ) -> StoreResult<ApiTokenInfo>;

    /// A user's API tokens, oldest first.
    async fn api_tokens(&self, user_id: i64) -> StoreResult<Vec<ApiTokenInfo>>;

    /// Deletes a user's token and returns its hash; `None` when the user
    /// has no such token (or, given `only`, when `id` is another token).
    async fn revoke_api_token(
        &self,
        user_id: i64,
        id: i64,
        only: Option<&TokenHash>,
    ) -> StoreResult<Option<TokenHash>>;

    /// The user an API token belongs to; records the token as used at `now`.
    async fn api_token_viewer(
        &self,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Viewer>>;

    /// The user behind a session that has not expired at `now`, and when
    /// the session expires.
    async fn session_viewer(
        &self,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(Viewer, DateTime<Utc>)>>;

    /// Moves a session's expiry (sliding expiry).
    async fn extend_session(
        &self,
        token_hash: &TokenHash,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
}
