//! `papo_db_query_duration_seconds{operation}`: a [`Store`] that times
//! every call of the store it wraps, labelled with the method's name.
//!
//! A decorator over the storage seam rather than timing inside each
//! backend: both backends are measured the same way, and neither knows
//! about metrics. [`timed!`] writes the delegating methods from their
//! signatures; a method missing here fails to compile, so none goes
//! unmeasured.

use std::{collections::HashSet, sync::Arc, time::Instant};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::events::Notification;
use domain::{
    ApiTokenInfo, ChannelKind, ChannelListing, ChannelName, ChannelSummary, ChannelTopic, EventId,
    Message, MessageBody, MessageId, Nickname, TokenLabel, Viewer,
};

use crate::{
    live::event_log::StoredEvent,
    store::{
        Accounts, ChannelRecord, Channels, EventLog, MessageRecord, Messages, NewMessage, Opened,
        Page, Reader, Store, StoreResult, TokenHash,
    },
};

const DB_QUERY_DURATION: &str = "papo_db_query_duration_seconds";

pub(super) fn describe() {
    ::metrics::describe_histogram!(
        DB_QUERY_DURATION,
        ::metrics::Unit::Seconds,
        "Time of each storage call, by operation (a call may run several queries)."
    );
}

/// The store the use cases hold, timing the one it wraps.
pub struct MeteredStore {
    inner: Arc<dyn Store>,
}

impl MeteredStore {
    pub fn wrap(inner: Arc<dyn Store>) -> Arc<dyn Store> {
        Arc::new(Self { inner })
    }
}

fn record(operation: &'static str, started: Instant) {
    ::metrics::histogram!(DB_QUERY_DURATION, "operation" => operation)
        .record(started.elapsed().as_secs_f64());
}

/// Implements `$part` for [`MeteredStore`]: each method calls the wrapped
/// store's and records how long it took.
macro_rules! timed {
    ($part:ident { $( fn $name:ident(&self $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty; )* }) => {
        #[async_trait]
        impl $part for MeteredStore {
            $(
                async fn $name(&self $(, $arg: $ty)*) -> $ret {
                    let started = Instant::now();
                    let result = self.inner.$name($($arg),*).await;
                    record(stringify!($name), started);
                    result
                }
            )*
        }
    };
}

timed!(Store {
    fn ping(&self) -> StoreResult<()>;
    fn missing_migrations(&self) -> StoreResult<usize>;
    fn database_size(&self) -> StoreResult<u64>;
});

timed!(Accounts {
    fn open_guest_session(&self, name: &Nickname, token_hash: &TokenHash, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> StoreResult<Opened>;
    fn register(&self, name: &Nickname, password_hash: &str, claimant: Option<i64>, token_hash: &TokenHash, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> StoreResult<Opened>;
    fn account(&self, name: &Nickname) -> StoreResult<Option<(Viewer, String)>>;
    fn first_account(&self) -> StoreResult<Option<i64>>;
    fn open_session(&self, user_id: i64, token_hash: &TokenHash, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> StoreResult<()>;
    fn close_session(&self, token_hash: &TokenHash) -> StoreResult<()>;
    fn close_all_sessions(&self, user_id: i64) -> StoreResult<()>;
    fn create_api_token(&self, user_id: i64, label: &TokenLabel, token_hash: &TokenHash, now: DateTime<Utc>) -> StoreResult<ApiTokenInfo>;
    fn api_tokens(&self, user_id: i64) -> StoreResult<Vec<ApiTokenInfo>>;
    fn revoke_api_token(&self, user_id: i64, id: i64, only: Option<&TokenHash>) -> StoreResult<Option<TokenHash>>;
    fn api_token_viewer(&self, token_hash: &TokenHash, now: DateTime<Utc>) -> StoreResult<Option<Viewer>>;
    fn session_viewer(&self, token_hash: &TokenHash, now: DateTime<Utc>) -> StoreResult<Option<(Viewer, DateTime<Utc>)>>;
    fn extend_session(&self, token_hash: &TokenHash, expires_at: DateTime<Utc>) -> StoreResult<()>;
});

timed!(Channels {
    fn channel(&self, name: &ChannelName) -> StoreResult<Option<ChannelRecord>>;
    fn channel_seen_by(&self, name: &ChannelName, user_id: i64) -> StoreResult<Option<(ChannelRecord, bool)>>;
    fn channel_by_id(&self, id: i64) -> StoreResult<Option<ChannelRecord>>;
    fn is_member(&self, channel_id: i64, user_id: i64) -> StoreResult<bool>;
    fn channels_for_presence(&self, user_id: i64, max_members: u32) -> StoreResult<Vec<(i64, ChannelName)>>;
    fn channel_ids_of(&self, user_id: i64) -> StoreResult<HashSet<i64>>;
    fn member_names(&self, channel_id: i64) -> StoreResult<Vec<Nickname>>;
    fn member_count(&self, channel_id: i64) -> StoreResult<u32>;
    fn members_named(&self, channel_id: i64, names: &[String]) -> StoreResult<Vec<(i64, Nickname)>>;
    fn user_named(&self, name: &Nickname) -> StoreResult<Option<(i64, Nickname)>>;
    fn summaries(&self, user_id: i64) -> StoreResult<Vec<ChannelSummary>>;
    fn public_channels(&self, user_id: i64) -> StoreResult<Vec<ChannelListing>>;
    fn create_channel(&self, name: &ChannelName, kind: ChannelKind, topic: Option<&ChannelTopic>, creator: &Viewer, now: DateTime<Utc>) -> StoreResult<(ChannelRecord, Vec<StoredEvent>)>;
    fn open_direct(&self, opener: &Viewer, others: &[(i64, Nickname)], now: DateTime<Utc>) -> StoreResult<(ChannelRecord, Vec<StoredEvent>)>;
    fn add_member(&self, channel: &ChannelRecord, user: &(i64, Nickname), by: Option<&Nickname>, now: DateTime<Utc>) -> StoreResult<Option<StoredEvent>>;
    fn remove_member(&self, channel: &ChannelRecord, user: &(i64, Nickname), by: Option<&Nickname>, now: DateTime<Utc>) -> StoreResult<Option<StoredEvent>>;
    fn mark_read(&self, channel: &ChannelRecord, user_id: i64, last_read_id: MessageId, now: DateTime<Utc>) -> StoreResult<Option<StoredEvent>>;
});

timed!(Messages {
    fn insert_messages(&self, batch: &[NewMessage]) -> StoreResult<Vec<StoredEvent>>;
    fn message_record(&self, id: MessageId) -> StoreResult<Option<MessageRecord>>;
    fn edit_message(&self, id: MessageId, body: &MessageBody, html: &str, mentions: &[(i64, Nickname)], now: DateTime<Utc>) -> StoreResult<StoredEvent>;
    fn delete_message(&self, id: MessageId, now: DateTime<Utc>) -> StoreResult<StoredEvent>;
    fn messages_before(&self, channel_id: i64, before: Option<MessageId>, limit: u32) -> StoreResult<Vec<Message>>;
});

timed!(EventLog {
    fn events_after(&self, reader: Reader, after: EventId, page: Page) -> StoreResult<Vec<StoredEvent>>;
    fn latest_event_id(&self) -> StoreResult<EventId>;
    fn append_notification(&self, to: i64, notification: &Notification, now: DateTime<Utc>) -> StoreResult<StoredEvent>;
});
