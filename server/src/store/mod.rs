//! The storage seam: everything papo keeps goes through [`Store`].
//!
//! SQLite is the embedded default ([`sqlite::SqliteStore`]); a second backend
//! implements the same trait and passes the same contract tests
//! (`tests/store_contract.rs`) without touching the UI or the routes.

pub mod sqlite;

use app::domain::{
    ApiTokenInfo, ChannelName, Message, MessageBody, MessageId, Nickname, TokenLabel, Viewer,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// The SHA-256 of a session token: what the store keeps instead of the token.
pub type TokenHash = [u8; 32];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the name is in use by an active user")]
    NameTaken,
    #[error("no such channel")]
    UnknownChannel,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("stored data does not parse: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Migration(#[from] sqlx::migrate::MigrateError),
}

pub type StoreResult<T> = Result<T, StoreError>;

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Answers when the database does (for `/healthz`).
    async fn ping(&self) -> StoreResult<()>;

    /// Gives `name` a new session that expires at `expires_at`. Creates the
    /// user, or takes over a guest name nobody has an active session for;
    /// [`StoreError::NameTaken`] if someone does, or if it is a registered
    /// account.
    async fn open_guest_session(
        &self,
        name: &Nickname,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<Viewer>;

    /// Creates a registered account named `name` and opens a session for it.
    /// An existing guest of that name becomes the account (keeping its
    /// messages) when it is `claimant` or has no active session;
    /// otherwise, and for an existing account, [`StoreError::NameTaken`].
    async fn register(
        &self,
        name: &Nickname,
        password_hash: &str,
        claimant: Option<i64>,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<Viewer>;

    /// The registered account called `name` (in any case) and its password hash.
    async fn account(&self, name: &Nickname) -> StoreResult<Option<(Viewer, String)>>;

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
    /// has no such token.
    async fn revoke_api_token(&self, user_id: i64, id: i64) -> StoreResult<Option<TokenHash>>;

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

    /// Stores a message; the returned id is greater than every id before it.
    async fn insert_message(
        &self,
        channel: &ChannelName,
        author: &Viewer,
        body: &MessageBody,
        now: DateTime<Utc>,
    ) -> StoreResult<Message>;

    /// Up to `limit` messages of `channel` with ids below `before` (or the
    /// newest), oldest first.
    async fn messages_before(
        &self,
        channel: &ChannelName,
        before: Option<MessageId>,
        limit: u32,
    ) -> StoreResult<Vec<Message>>;

    /// Up to `limit` messages with ids above `after`, in `channel` or in any
    /// channel, oldest first: what a live feed replays.
    async fn messages_after(
        &self,
        channel: Option<&ChannelName>,
        after: MessageId,
        limit: u32,
    ) -> StoreResult<Vec<Message>>;

    /// The newest message id, `MessageId(0)` when there is none yet.
    async fn latest_message_id(&self) -> StoreResult<MessageId>;

    /// Whether `channel` exists.
    async fn channel_exists(&self, channel: &ChannelName) -> StoreResult<bool>;
}
