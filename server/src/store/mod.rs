//! The storage seam: everything papo keeps goes through [`Store`].
//!
//! SQLite is the embedded default ([`sqlite::SqliteStore`]); a second backend
//! implements the same trait and passes the same contract tests
//! (`tests/store_contract.rs`) without touching the UI or the routes.

pub mod sqlite;

use app::domain::{ChannelName, Message, MessageBody, MessageId, Nickname, Viewer};
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
    /// [`StoreError::NameTaken`] if someone does.
    async fn open_guest_session(
        &self,
        name: &Nickname,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<Viewer>;

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
