//! The embedded SQLite backend (WAL mode, migrations embedded in the binary).

use std::{path::Path, str::FromStr, time::Duration};

use app::domain::{
    ApiTokenInfo, ChannelName, Message, MessageBody, MessageId, Nickname, TokenLabel, Viewer,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    SqlitePool,
};

use super::{Store, StoreError, StoreResult, TokenHash};

/// Connections in the pool. SQLite runs one writer at a time whatever the
/// pool size; the others serve reads, which WAL lets run beside the writer.
const MAX_CONNECTIONS: u32 = 8;

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating it and its directory if needed) the database at
    /// `url`, such as `sqlite://data/papo.db`, and applies the migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        if let Some(dir) = options.get_filename().parent() {
            if !dir.as_os_str().is_empty() && !Path::new(dir).exists() {
                std::fs::create_dir_all(dir).map_err(|e| StoreError::Database(e.into()))?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self { pool })
    }
}

fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

fn from_millis(ms: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| StoreError::Corrupt(format!("timestamp {ms}")))
}

fn nickname(raw: &str) -> StoreResult<Nickname> {
    Nickname::parse(raw).map_err(|e| StoreError::Corrupt(format!("user name {raw:?}: {e}")))
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: i64,
    channel: String,
    author: String,
    body: String,
    created_at: i64,
}

impl TryFrom<MessageRow> for Message {
    type Error = StoreError;
    fn try_from(row: MessageRow) -> StoreResult<Self> {
        Ok(Message {
            id: MessageId(row.id),
            channel: ChannelName::parse(&row.channel)
                .map_err(|e| StoreError::Corrupt(format!("channel {:?}: {e}", row.channel)))?,
            author: nickname(&row.author)?,
            body: row.body,
            created_at: from_millis(row.created_at)?,
        })
    }
}

fn to_messages(rows: Vec<MessageRow>) -> StoreResult<Vec<Message>> {
    rows.into_iter().map(Message::try_from).collect()
}

const MESSAGE_COLUMNS: &str = "m.id, c.name AS channel, u.name AS author, m.body, m.created_at \
     FROM messages m JOIN channels c ON c.id = m.channel_id JOIN users u ON u.id = m.author_id";

async fn insert_session(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    user_id: i64,
    token_hash: &TokenHash,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)")
        .bind(&token_hash[..])
        .bind(user_id)
        .bind(millis(now))
        .bind(millis(expires_at))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn open_guest_session(
        &self,
        name: &Nickname,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<Viewer> {
        let mut tx = self.pool.begin().await?;
        // The first statement writes, so SQLite takes the write lock here and
        // two joins for one name cannot both pass the check below.
        let user_id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO users (name, name_key, created_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (name_key) DO UPDATE SET name = excluded.name \
             WHERE users.password_hash IS NULL \
               AND NOT EXISTS (SELECT 1 FROM sessions s \
                               WHERE s.user_id = users.id AND s.expires_at > ?3) \
             RETURNING id",
        )
        .bind(name.as_str())
        .bind(name.key())
        .bind(millis(now))
        .fetch_optional(&mut *tx)
        .await?;
        let user_id = user_id.ok_or(StoreError::NameTaken)?;
        insert_session(&mut tx, user_id, token_hash, now, expires_at).await?;
        tx.commit().await?;
        Ok(Viewer {
            user_id,
            name: name.clone(),
            registered: false,
        })
    }

    async fn register(
        &self,
        name: &Nickname,
        password_hash: &str,
        claimant: Option<i64>,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<Viewer> {
        let mut tx = self.pool.begin().await?;
        let user_id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO users (name, name_key, password_hash, created_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (name_key) DO UPDATE \
               SET name = excluded.name, password_hash = excluded.password_hash \
             WHERE users.password_hash IS NULL \
               AND (users.id IS ?5 \
                    OR NOT EXISTS (SELECT 1 FROM sessions s \
                                   WHERE s.user_id = users.id AND s.expires_at > ?4)) \
             RETURNING id",
        )
        .bind(name.as_str())
        .bind(name.key())
        .bind(password_hash)
        .bind(millis(now))
        .bind(claimant)
        .fetch_optional(&mut *tx)
        .await?;
        let user_id = user_id.ok_or(StoreError::NameTaken)?;
        insert_session(&mut tx, user_id, token_hash, now, expires_at).await?;
        tx.commit().await?;
        Ok(Viewer {
            user_id,
            name: name.clone(),
            registered: true,
        })
    }

    async fn account(&self, name: &Nickname) -> StoreResult<Option<(Viewer, String)>> {
        let row: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT id, name, password_hash FROM users \
             WHERE name_key = ?1 AND password_hash IS NOT NULL",
        )
        .bind(name.key())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(user_id, name, hash)| {
            Ok((
                Viewer {
                    user_id,
                    name: nickname(&name)?,
                    registered: true,
                },
                hash,
            ))
        })
        .transpose()
    }

    async fn open_session(
        &self,
        user_id: i64,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        insert_session(&mut tx, user_id, token_hash, now, expires_at).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn close_session(&self, token_hash: &TokenHash) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?1")
            .bind(&token_hash[..])
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn close_all_sessions(&self, user_id: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE user_id = ?1")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn create_api_token(
        &self,
        user_id: i64,
        label: &TokenLabel,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
    ) -> StoreResult<ApiTokenInfo> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, label, token_hash, created_at) VALUES (?1, ?2, ?3, ?4) \
             RETURNING id",
        )
        .bind(user_id)
        .bind(label.as_str())
        .bind(&token_hash[..])
        .bind(millis(now))
        .fetch_one(&self.pool)
        .await?;
        Ok(ApiTokenInfo {
            id,
            label: label.clone(),
            created_at: from_millis(millis(now))?,
            last_used_at: None,
        })
    }

    async fn api_tokens(&self, user_id: i64) -> StoreResult<Vec<ApiTokenInfo>> {
        let rows: Vec<(i64, String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT id, label, created_at, last_used_at FROM api_tokens WHERE user_id = ?1 ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, label, created_at, last_used_at)| {
                Ok(ApiTokenInfo {
                    id,
                    label: TokenLabel::parse(&label)
                        .map_err(|e| StoreError::Corrupt(format!("token label {label:?}: {e}")))?,
                    created_at: from_millis(created_at)?,
                    last_used_at: last_used_at.map(from_millis).transpose()?,
                })
            })
            .collect()
    }

    async fn revoke_api_token(&self, user_id: i64, id: i64) -> StoreResult<Option<TokenHash>> {
        let hash: Option<Vec<u8>> = sqlx::query_scalar(
            "DELETE FROM api_tokens WHERE id = ?1 AND user_id = ?2 RETURNING token_hash",
        )
        .bind(id)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        hash.map(|bytes| {
            TokenHash::try_from(bytes.as_slice())
                .map_err(|_| StoreError::Corrupt("a token hash is not 32 bytes".into()))
        })
        .transpose()
    }

    async fn api_token_viewer(
        &self,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Viewer>> {
        let row: Option<(i64, String, bool)> = sqlx::query_as(
            "UPDATE api_tokens SET last_used_at = ?2 WHERE token_hash = ?1 \
             RETURNING user_id, (SELECT name FROM users WHERE id = user_id), \
                       (SELECT password_hash IS NOT NULL FROM users WHERE id = user_id)",
        )
        .bind(&token_hash[..])
        .bind(millis(now))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(user_id, name, registered)| {
            Ok(Viewer {
                user_id,
                name: nickname(&name)?,
                registered,
            })
        })
        .transpose()
    }

    async fn session_viewer(
        &self,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(Viewer, DateTime<Utc>)>> {
        let row: Option<(i64, String, bool, i64)> = sqlx::query_as(
            "SELECT u.id, u.name, u.password_hash IS NOT NULL, s.expires_at \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = ?1 AND s.expires_at > ?2",
        )
        .bind(&token_hash[..])
        .bind(millis(now))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(user_id, name, registered, expires_at)| {
            Ok((
                Viewer {
                    user_id,
                    name: nickname(&name)?,
                    registered,
                },
                from_millis(expires_at)?,
            ))
        })
        .transpose()
    }

    async fn extend_session(
        &self,
        token_hash: &TokenHash,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET expires_at = ?2 WHERE token_hash = ?1")
            .bind(&token_hash[..])
            .bind(millis(expires_at))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn insert_message(
        &self,
        channel: &ChannelName,
        author: &Viewer,
        body: &MessageBody,
        now: DateTime<Utc>,
    ) -> StoreResult<Message> {
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO messages (channel_id, author_id, body, created_at) \
             SELECT id, ?2, ?3, ?4 FROM channels WHERE name = ?1 RETURNING id",
        )
        .bind(channel.as_str())
        .bind(author.user_id)
        .bind(body.as_str())
        .bind(millis(now))
        .fetch_optional(&self.pool)
        .await?;
        let id = id.ok_or(StoreError::UnknownChannel)?;
        Ok(Message {
            id: MessageId(id),
            channel: channel.clone(),
            author: author.name.clone(),
            body: body.as_str().to_owned(),
            // What a reader gets back from the database: millisecond precision.
            created_at: from_millis(millis(now))?,
        })
    }

    async fn messages_before(
        &self,
        channel: &ChannelName,
        before: Option<MessageId>,
        limit: u32,
    ) -> StoreResult<Vec<Message>> {
        let mut rows: Vec<MessageRow> = sqlx::query_as(&format!(
            "SELECT {MESSAGE_COLUMNS} WHERE c.name = ?1 AND m.id < ?2 ORDER BY m.id DESC LIMIT ?3"
        ))
        .bind(channel.as_str())
        .bind(before.map_or(i64::MAX, |id| id.0))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.reverse();
        to_messages(rows)
    }

    async fn messages_after(
        &self,
        channel: Option<&ChannelName>,
        after: MessageId,
        limit: u32,
    ) -> StoreResult<Vec<Message>> {
        let rows: Vec<MessageRow> = sqlx::query_as(&format!(
            "SELECT {MESSAGE_COLUMNS} WHERE (?1 IS NULL OR c.name = ?1) AND m.id > ?2 \
             ORDER BY m.id ASC LIMIT ?3"
        ))
        .bind(channel.map(ChannelName::as_str))
        .bind(after.0)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        to_messages(rows)
    }

    async fn latest_message_id(&self) -> StoreResult<MessageId> {
        let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM messages")
            .fetch_one(&self.pool)
            .await?;
        Ok(MessageId(id.unwrap_or(0)))
    }

    async fn channel_exists(&self, channel: &ChannelName) -> StoreResult<bool> {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM channels WHERE name = ?1")
            .bind(channel.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.is_some())
    }
}
