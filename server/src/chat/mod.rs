//! papo's use cases. Server functions (through the app crate's
//! `ChatBackend`) and the JSON API both call these; neither has logic of
//! its own.
//!
//! - `accounts`: joining, accounts, sessions and API tokens;
//! - `channels`: channels, members, DMs and read positions;
//! - `messages`: posting, editing, deleting and history;
//! - `feed`: where a live feed starts and what it may carry;
//! - `presence`: who is online, and telling channels when that changes;
//! - `admin`: who is an admin, and what they see.
//! - [`session`]: session and API tokens and their cookies;
//!   [`password_hash`]: Argon2id off the async workers; [`rate_limit`]:
//!   message flood control and the session-creation brake; [`markdown`]:
//!   a message's text to safe HTML; [`feed_caps`]: how many feeds one
//!   account and one address may hold open; [`client_key`]: which client
//!   a limit counts against.

use std::{sync::Arc, time::Duration};

mod accounts;
mod admin;
mod channels;
pub(crate) mod client_key;
mod feed;
pub(crate) mod feed_caps;
mod group_commit;
mod health;
mod heartbeat;
pub(crate) mod markdown;
mod messages;
mod notifications;
pub(crate) mod password_hash;
mod presence;
pub mod rate_limit;
pub(crate) mod session;

pub use feed::FeedScope;
pub use presence::PresenceGuard;

use app::backend::{CurrentSession, NewSession};
use chrono::Utc;
use domain::{ChannelName, ChatError, Nickname, Viewer};
use tokio::sync::Mutex;

use crate::{
    chat::client_key::ClientKey,
    chat::feed_caps::{FeedCaps, OpenFeeds},
    chat::rate_limit::{Limiter, RateSpec},
    live::delivery::Delivery,
    live::event_log::StoredEvent,
    live::hub::Hub,
    live::presence::{Online, Presence},
    live::revocation::Credential,
    ops::stats::Stats,
    store::cluster::Cluster,
    store::{ChannelRecord, Store, StoreError},
};

pub struct ChatService {
    store: Arc<dyn Store>,
    hub: Hub,
    /// Whether writers hand their events to the hub themselves.
    delivery: Delivery,
    /// The write turn: held from every write that appends to the event log
    /// until its events are handed to the hub, so the hub sees events in id
    /// order. A live reader relies on that order to drop what it already
    /// replayed from the database (`id <= last`), and it means no event
    /// can commit below an id a reader has already been sent. SQLite has
    /// one writer at a time anyway, so this costs no concurrency there; a
    /// multi-instance backend needs a database-side order instead (step 6).
    /// Shared with the message writer of `group_commit`.
    publish_order: Arc<Mutex<()>>,
    /// New messages, written in group commits.
    message_writer: group_commit::GroupCommit,
    /// Who has a live feed open on this instance.
    presence: Presence,
    /// Who is online, here or on another instance.
    online: Online,
    /// The other instances on the same database (PostgreSQL), or `None`
    /// when this process is papo's only instance.
    cluster: Option<Arc<dyn Cluster>>,
    /// How long a session lasts after its last use (`PAPO_SESSION_DAYS`).
    session_ttl: chrono::Duration,
    /// Messages per user (flood control).
    post_limit: Limiter<i64>,
    /// Typing signals per person and channel: the page sends one every 3 s
    /// at most (and one right after a send); beyond a burst of 5, more than
    /// one a second is dropped without a word.
    typing_limit: Limiter<(i64, i64)>,
    /// Every other state change per account: edits, deletes, channels,
    /// joins and leaves, DMs, tokens, sign-outs (see [`ChatService::spend_write`]).
    write_limit: Limiter<i64>,
    /// The live feeds open on this instance, under their caps.
    open_feeds: Arc<OpenFeeds>,
    /// Sessions opened per client address.
    session_limit: Limiter<ClientKey>,
    /// Sign-in attempts per account (by its name key), against password
    /// guessing...
    login_limit_by_account: Limiter<String>,
    /// ...and per client address, against guessing across many names.
    login_limit_by_address: Limiter<ClientKey>,
    /// The name keys of `PAPO_ADMINS`; empty, the account registered
    /// first is the admin.
    admins: Vec<String>,
    /// This instance's live stats, for the admin page.
    stats: Arc<Stats>,
}

/// Who a request's token belongs to, and what the token is.
pub struct Identity {
    pub viewer: Viewer,
    /// The session, when the token is a session token (server functions
    /// sign it out).
    pub session: Option<CurrentSession>,
    /// What open feeds check revocations against.
    pub credential: Credential,
}

/// How long a credential grants access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    /// A session: until it expires (or is revoked first).
    Until(chrono::DateTime<Utc>),
    /// An API token: until it is revoked.
    UntilRevoked,
}

/// How a [`ChatService`] is tuned.
pub struct ChatSettings {
    /// How long a session lasts after its last use.
    pub session_ttl: Duration,
    pub post_rate: RateSpec,
    pub session_rate: RateSpec,
    pub login_rate: RateSpec,
    pub write_rate: RateSpec,
    pub feed_caps: FeedCaps,
    pub presence_grace: std::time::Duration,
    /// `PAPO_ADMINS`: the accounts that are admins; none named, the
    /// account registered first is.
    pub admins: Vec<domain::Nickname>,
}

/// The refusal of the rate limit called `limit` (counted in the metrics),
/// given how long until it allows again.
pub(super) fn rate_limited(limit: &'static str) -> impl Fn(Duration) -> ChatError {
    move |wait| {
        crate::ops::metrics::rate_limited(limit);
        ChatError::RateLimited {
            retry_after_secs: wait.as_secs_f64().ceil().max(1.0) as u64,
        }
    }
}

/// Logs a storage failure with its context and turns it into the opaque
/// error that people see.
/// A store failure as the person sees it: [`ChatError::Unavailable`] while
/// the database cannot be reached, else the opaque [`ChatError::Internal`];
/// either way logged with its context.
pub(super) fn internal(context: &'static str, error: StoreError) -> ChatError {
    if error.is_unavailable() {
        tracing::warn!(%error, "{context}: the database is unavailable");
        return ChatError::Unavailable;
    }
    tracing::error!(%error, "{context}");
    ChatError::Internal
}

impl ChatService {
    /// The service; starts the message writer, so call it in a Tokio runtime.
    pub fn new(
        store: Arc<dyn Store>,
        hub: Hub,
        delivery: Delivery,
        cluster: Option<Arc<dyn Cluster>>,
        settings: ChatSettings,
    ) -> Self {
        let publish_order = Arc::new(Mutex::new(()));
        let stats = Arc::new(Stats::default());
        let message_writer = group_commit::GroupCommit::start(
            store.clone(),
            hub.clone(),
            delivery,
            publish_order.clone(),
            stats.counters().clone(),
        );
        Self {
            store,
            hub,
            delivery,
            publish_order,
            message_writer,
            presence: Presence::new(settings.presence_grace),
            online: Online::default(),
            cluster,
            session_ttl: chrono::Duration::from_std(settings.session_ttl).unwrap_or(session::TTL),
            post_limit: Limiter::new(settings.post_rate),
            typing_limit: Limiter::new(RateSpec::Every {
                count: std::num::NonZeroU32::new(5).expect("5 is not 0"),
                window: std::time::Duration::from_secs(5),
            }),
            write_limit: Limiter::new(settings.write_rate),
            open_feeds: OpenFeeds::new(settings.feed_caps),
            session_limit: Limiter::new(settings.session_rate),
            login_limit_by_account: Limiter::new(settings.login_rate),
            login_limit_by_address: Limiter::new(settings.login_rate),
            admins: settings.admins.iter().map(|name| name.key()).collect(),
            stats,
        }
    }

    /// Forgets rate-limit state of users and addresses that have been
    /// quiet long enough to have their whole quota back.
    pub fn forget_idle_limits(&self) {
        self.post_limit.forget_idle();
        self.typing_limit.forget_idle();
        self.write_limit.forget_idle();
        self.session_limit.forget_idle();
        self.login_limit_by_account.forget_idle();
        self.login_limit_by_address.forget_idle();
    }

    /// This instance's live stats (sampled by [`crate::ops::stats::sample`]).
    pub fn stats(&self) -> &Arc<Stats> {
        &self.stats
    }

    /// The person a session token or personal API token belongs to, if it
    /// is valid.
    pub async fn identify(&self, token: &str) -> Result<Option<Identity>, ChatError> {
        let hash = session::hash(token);
        let now = Utc::now();
        if token.starts_with(session::API_TOKEN_PREFIX) {
            let viewer = self
                .store
                .api_token_viewer(&hash, now)
                .await
                .map_err(|e| internal("looking up an API token", e))?;
            return Ok(viewer.map(|viewer| Identity {
                viewer,
                session: None,
                credential: Credential::ApiToken { hash },
            }));
        }
        let found = self
            .store
            .session_viewer(&hash, now)
            .await
            .map_err(|e| internal("looking up a session", e))?;
        let Some((viewer, expires_at)) = found else {
            return Ok(None);
        };
        let renewed = now + self.session_ttl;
        // At most once a day with the default 30 days; sooner with short
        // sessions, so that a session in use does not run out.
        let extend_every = (self.session_ttl / 30).min(session::EXTEND_EVERY);
        let expires_at = if renewed - expires_at > extend_every {
            self.store
                .extend_session(&hash, renewed)
                .await
                .map_err(|e| internal("extending a session", e))?;
            renewed
        } else {
            expires_at
        };
        Ok(Some(Identity {
            credential: Credential::Session {
                user_id: viewer.user_id,
                hash,
                expires_at,
            },
            session: Some(CurrentSession(token.to_owned())),
            viewer,
        }))
    }

    /// Whether `credential` still grants access (for open feeds, after
    /// revocations may have been missed).
    pub async fn still_valid(&self, credential: &Credential) -> Result<bool, ChatError> {
        Ok(self.validity(credential).await?.is_some())
    }

    /// Until when `credential` grants access now; `None` once it does not
    /// (revoked, expired, or its account's name passed to someone else).
    pub async fn validity(&self, credential: &Credential) -> Result<Option<Validity>, ChatError> {
        let now = Utc::now();
        let found = match credential {
            Credential::ApiToken { hash } => self
                .store
                .api_token_viewer(hash, now)
                .await
                .map(|viewer| viewer.map(|_| Validity::UntilRevoked)),
            Credential::Session { hash, .. } => self
                .store
                .session_viewer(hash, now)
                .await
                .map(|found| found.map(|(_, expires_at)| Validity::Until(expires_at))),
        };
        found.map_err(|e| internal("checking a credential again", e))
    }

    /// A session for someone who just joined, registered or signed in.
    pub(super) fn new_session(&self, viewer: &Viewer, token: String) -> NewSession {
        NewSession {
            user: viewer.user(),
            token,
        }
    }

    /// Counts a sign-in attempt from `client` for the account called
    /// `name`, if it is a name at all: keyed as the account is looked up,
    /// so that `" ana"`, `"ANA"` and `"ana\u{a0}"` spend one account's
    /// attempts. A name that cannot be one names no account, and only the
    /// address limit counts it.
    pub(super) fn check_login_limits(
        &self,
        name: Option<&Nickname>,
        client: Option<ClientKey>,
    ) -> Result<(), ChatError> {
        if let Some(client) = client {
            self.login_limit_by_address
                .check(&client)
                .map_err(rate_limited("login_by_address"))?;
        }
        match name {
            Some(name) => self
                .login_limit_by_account
                .check(&name.key())
                .map_err(rate_limited("login_by_account")),
            None => Ok(()),
        }
    }

    /// Spends one of the viewer's state changes (`PAPO_WRITE_RATE`), before
    /// any work is done. Every change besides posting a message (which
    /// has its own rate) fans out to readers or ends feeds, so an
    /// unthrottled loop of them would push every reader out of the hub's
    /// buffer or end everyone's feeds.
    pub(super) fn spend_write(&self, viewer: &Viewer) -> Result<(), ChatError> {
        self.write_limit
            .check(&viewer.user_id)
            .map_err(rate_limited("write"))
    }

    /// Takes the write turn: held from a write to the database until its
    /// events are handed to the hub (see [`ChatService::publish_order`]).
    async fn write_turn(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.publish_order.lock().await
    }

    /// Hands stored events to the hub, in id order, unless the log
    /// follower does. Call with the write turn held.
    fn publish(&self, events: impl IntoIterator<Item = StoredEvent>) {
        if !self.delivery.by_writers() {
            return;
        }
        for event in events {
            self.hub.publish(event);
        }
    }

    /// The channel `name` if the viewer may read it, and whether they are
    /// a member. A private channel or DM they are not in is
    /// [`ChatError::ChannelNotFound`], exactly like one that does not
    /// exist, so that its existence does not leak.
    async fn readable(
        &self,
        viewer: &Viewer,
        name: &ChannelName,
    ) -> Result<(ChannelRecord, bool), ChatError> {
        let (channel, member) = self
            .store
            .channel_seen_by(name, viewer.user_id)
            .await
            .map_err(|e| internal("looking up a channel", e))?
            .ok_or(ChatError::ChannelNotFound)?;
        if channel.info.kind.is_secret() && !member {
            return Err(ChatError::ChannelNotFound);
        }
        Ok((channel, member))
    }

    async fn is_member(&self, channel_id: i64, viewer: &Viewer) -> Result<bool, ChatError> {
        self.store
            .is_member(channel_id, viewer.user_id)
            .await
            .map_err(|e| internal("checking a membership", e))
    }
}
