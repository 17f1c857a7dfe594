//! The storage contract: what every `Store` backend must do. Each test runs
//! against every backend papo ships (SQLite and PostgreSQL), each time on a
//! fresh database.

mod accounts;
mod channels;
mod cluster;
mod events;
mod instances;
mod messages;
#[path = "../support/postgres.rs"]
mod postgres;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use domain::events::ChatEvent;
use domain::{ChannelKind, ChannelName, Message, MessageBody, Nickname, Viewer};
use server::{
    live::event_log::StoredEvent,
    store::{
        postgres::{PoolSettings, PostgresStore},
        sqlite::SqliteStore,
        ChannelRecord, NewMessage, Store, TokenHash,
    },
};
use tempfile::TempDir;

/// A backend under test and whatever keeps its database alive.
pub struct Backend {
    pub name: &'static str,
    pub store: Arc<dyn Store>,
    url: String,
    _data: Option<TempDir>,
}

impl Backend {
    /// A second store on the same database, as another papo process has.
    pub async fn another_instance(&self) -> Arc<dyn Store> {
        match self.name {
            "sqlite" => Arc::new(SqliteStore::connect(&self.url).await.unwrap()),
            _ => Arc::new(PostgresStore::connect(&self.url, POOL).await.unwrap()),
        }
    }
}

const POOL: PoolSettings = PoolSettings {
    max_connections: 4,
    acquire_timeout: std::time::Duration::from_secs(10),
};

pub async fn backends() -> Vec<Backend> {
    let data = tempfile::tempdir().unwrap();
    let sqlite_url = format!("sqlite://{}", data.path().join("contract.db").display());
    let sqlite = SqliteStore::connect(&sqlite_url)
        .await
        .expect("SQLite opens");
    let postgres_url = postgres::fresh_database_url().await;
    let postgres = PostgresStore::connect(&postgres_url, POOL)
        .await
        .expect("PostgreSQL opens");
    vec![
        Backend {
            name: "sqlite",
            store: Arc::new(sqlite),
            url: sqlite_url,
            _data: Some(data),
        },
        Backend {
            name: "postgres",
            store: Arc::new(postgres),
            url: postgres_url,
            _data: None,
        },
    ]
}

pub fn name(raw: &str) -> Nickname {
    Nickname::parse(raw).unwrap()
}

pub fn hash(n: u8) -> TokenHash {
    [n; 32]
}

pub fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).unwrap()
}

pub async fn has_session(store: &dyn Store, token: u8, at: DateTime<Utc>) -> bool {
    store
        .session_viewer(&hash(token), at)
        .await
        .unwrap()
        .is_some()
}

pub async fn guest(store: &dyn Store, raw: &str, token: u8) -> Viewer {
    store
        .open_guest_session(&name(raw), &hash(token), t0(), t0() + Duration::days(30))
        .await
        .unwrap()
        .viewer
}

/// A registered account (channels are created by accounts).
pub async fn registered(store: &dyn Store, raw: &str, token: u8) -> Viewer {
    store
        .register(
            &name(raw),
            "$h",
            None,
            &hash(token),
            t0(),
            t0() + Duration::days(1),
        )
        .await
        .unwrap()
        .viewer
}

/// A private channel created by `owner`.
pub async fn private_channel(store: &dyn Store, raw: &str, owner: &Viewer) -> ChannelRecord {
    let name = ChannelName::parse(raw).unwrap();
    let (channel, _) = store
        .create_channel(&name, ChannelKind::Private, None, owner, t0())
        .await
        .unwrap();
    channel
}

pub async fn channel(store: &dyn Store, raw: &str) -> ChannelRecord {
    store
        .channel(&ChannelName::parse(raw).unwrap())
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("channel {raw} exists"))
}

/// Posts `body` to `to` with the given mentions; the stored message.
pub async fn post_mentioning(
    store: &dyn Store,
    to: &ChannelRecord,
    author: &Viewer,
    body: &str,
    mentions: &[&Viewer],
) -> Message {
    let mentions: Vec<(i64, Nickname)> = mentions
        .iter()
        .map(|v| (v.user_id, v.name.clone()))
        .collect();
    let event = store
        .insert_message(NewMessage {
            channel_id: to.id,
            channel: to.info.name.clone(),
            author: author.clone(),
            body: MessageBody::parse(body).unwrap(),
            html: format!("<p>{body}</p>"),
            mentions,
            now: t0(),
        })
        .await
        .unwrap();
    message_of(event)
}

pub async fn post_to(
    store: &dyn Store,
    to: &ChannelRecord,
    author: &Viewer,
    body: &str,
) -> Message {
    post_mentioning(store, to, author, body, &[]).await
}

/// Posts to #general.
pub async fn post(store: &dyn Store, author: &Viewer, body: &str) -> Message {
    let general = channel(store, "general").await;
    post_to(store, &general, author, body).await
}

pub fn message_of(event: StoredEvent) -> Message {
    match event.event {
        ChatEvent::Message(m) | ChatEvent::MessageUpdated(m) => m,
        other => panic!("expected a message event, got {other:?}"),
    }
}
