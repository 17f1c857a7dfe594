//! papo's use cases. Server functions (through [`ChatBackend`]) and the
//! JSON API both call these; neither has logic of its own.

use std::{net::IpAddr, sync::Arc, time::Duration};

use app::{
    backend::{ChatBackend, NewSession},
    domain::{ChannelName, Message, MessageBody, MessageId, Nickname, Viewer},
    events::ChatEvent,
    ChatError,
};
use async_trait::async_trait;
use chrono::Utc;
use tokio::sync::Mutex;

use crate::{
    hub::Hub,
    rate_limit::{Limiter, RateSpec},
    session,
    store::{Store, StoreError},
};

pub struct ChatService {
    store: Arc<dyn Store>,
    hub: Hub,
    /// Held from a message's insert until it is handed to the hub, so the
    /// hub sees events in id order. A live reader relies on that order to
    /// drop what it already replayed from the database (`id <= last`).
    /// SQLite has one writer at a time anyway, so this costs no concurrency
    /// there; a multi-instance backend needs a database-side sequence
    /// instead (step 4).
    publish_order: Mutex<()>,
    /// Whether session cookies get `Secure` (papo is served over HTTPS).
    secure_cookies: bool,
    /// Messages per user (flood control).
    post_limit: Limiter<i64>,
    /// Sessions opened per client address.
    session_limit: Limiter<IpAddr>,
}

/// How a [`ChatService`] is tuned.
pub struct ChatSettings {
    pub secure_cookies: bool,
    pub post_rate: RateSpec,
    pub session_rate: RateSpec,
}

fn rate_limited(wait: Duration) -> ChatError {
    ChatError::RateLimited {
        retry_after_secs: wait.as_secs_f64().ceil().max(1.0) as u64,
    }
}

/// Logs a storage failure with its context and turns it into the opaque
/// error that people see.
fn internal(context: &'static str, error: StoreError) -> ChatError {
    tracing::error!(%error, "{context}");
    ChatError::Internal
}

impl ChatService {
    pub fn new(store: Arc<dyn Store>, hub: Hub, settings: ChatSettings) -> Self {
        Self {
            store,
            hub,
            publish_order: Mutex::new(()),
            secure_cookies: settings.secure_cookies,
            post_limit: Limiter::new(settings.post_rate),
            session_limit: Limiter::new(settings.session_rate),
        }
    }

    /// Forgets rate-limit state of users and addresses that have been
    /// quiet long enough to have their whole quota back.
    pub fn forget_idle_limits(&self) {
        self.post_limit.forget_idle();
        self.session_limit.forget_idle();
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    pub fn hub(&self) -> &Hub {
        &self.hub
    }

    /// The person a session token belongs to, if the session is valid.
    pub async fn viewer_for_token(&self, token: &str) -> Result<Option<Viewer>, ChatError> {
        let hash = session::hash(token);
        let now = Utc::now();
        let found = self
            .store
            .session_viewer(&hash, now)
            .await
            .map_err(|e| internal("looking up a session", e))?;
        let Some((viewer, expires_at)) = found else {
            return Ok(None);
        };
        let renewed = now + session::TTL;
        if renewed - expires_at > session::EXTEND_EVERY {
            self.store
                .extend_session(&hash, renewed)
                .await
                .map_err(|e| internal("extending a session", e))?;
        }
        Ok(Some(viewer))
    }

    /// Whether `channel` exists, as the API's 404 needs to know.
    pub async fn ensure_channel(&self, channel: &ChannelName) -> Result<(), ChatError> {
        match self.store.channel_exists(channel).await {
            Ok(true) => Ok(()),
            Ok(false) => Err(ChatError::ChannelNotFound),
            Err(e) => Err(internal("looking up a channel", e)),
        }
    }

    /// The newest event id now (a live feed with no resume point starts here).
    pub async fn latest_event_id(&self) -> Result<MessageId, ChatError> {
        self.store
            .latest_message_id()
            .await
            .map_err(|e| internal("reading the newest message id", e))
    }
}

#[async_trait]
impl ChatBackend for ChatService {
    async fn join_as_guest(
        &self,
        name: Nickname,
        client: Option<IpAddr>,
    ) -> Result<NewSession, ChatError> {
        if let Some(ip) = client {
            self.session_limit.check(&ip).map_err(rate_limited)?;
        }
        let (token, hash) = session::generate();
        let now = Utc::now();
        let viewer = self
            .store
            .open_guest_session(&name, &hash, now, now + session::TTL)
            .await
            .map_err(|e| match e {
                StoreError::NameTaken => ChatError::NameTaken,
                e => internal("opening a guest session", e),
            })?;
        tracing::info!(user = %viewer.name, "guest joined");
        Ok(NewSession {
            user: viewer.user(),
            cookie: session::cookie(&token, self.secure_cookies),
            token,
        })
    }

    async fn post_message(
        &self,
        author: &Viewer,
        channel: &ChannelName,
        body: MessageBody,
    ) -> Result<Message, ChatError> {
        self.post_limit
            .check(&author.user_id)
            .map_err(rate_limited)?;
        let _order = self.publish_order.lock().await;
        let message = self
            .store
            .insert_message(channel, author, &body, Utc::now())
            .await
            .map_err(|e| match e {
                StoreError::UnknownChannel => ChatError::ChannelNotFound,
                e => internal("storing a message", e),
            })?;
        self.hub.publish(ChatEvent::Message(message.clone()));
        Ok(message)
    }

    async fn history(
        &self,
        _viewer: &Viewer,
        channel: &ChannelName,
        before: Option<MessageId>,
        limit: u32,
    ) -> Result<Vec<Message>, ChatError> {
        self.ensure_channel(channel).await?;
        self.store
            .messages_before(channel, before, limit)
            .await
            .map_err(|e| internal("reading history", e))
    }
}
