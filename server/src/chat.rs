//! papo's use cases. Server functions (through [`ChatBackend`]) and the
//! JSON API both call these; neither has logic of its own.

use std::{net::IpAddr, sync::Arc, time::Duration};

use app::{
    backend::{ChatBackend, CurrentSession, NewSession},
    domain::{
        ApiTokenInfo, ChannelName, Message, MessageBody, MessageId, NewApiToken, Nickname,
        Password, TokenLabel, Viewer,
    },
    events::ChatEvent,
    ChatError,
};
use async_trait::async_trait;
use chrono::Utc;
use tokio::sync::Mutex;

use crate::{
    hub::Hub,
    password_hash,
    rate_limit::{Limiter, RateSpec},
    revocation::{Credential, Revocation},
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
    /// Sign-in attempts per account name, against password guessing...
    login_limit_by_account: Limiter<String>,
    /// ...and per client address, against guessing across many names.
    login_limit_by_address: Limiter<IpAddr>,
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

/// How a [`ChatService`] is tuned.
pub struct ChatSettings {
    pub secure_cookies: bool,
    pub post_rate: RateSpec,
    pub session_rate: RateSpec,
    pub login_rate: RateSpec,
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
            login_limit_by_account: Limiter::new(settings.login_rate),
            login_limit_by_address: Limiter::new(settings.login_rate),
        }
    }

    /// Forgets rate-limit state of users and addresses that have been
    /// quiet long enough to have their whole quota back.
    pub fn forget_idle_limits(&self) {
        self.post_limit.forget_idle();
        self.session_limit.forget_idle();
        self.login_limit_by_account.forget_idle();
        self.login_limit_by_address.forget_idle();
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    pub fn hub(&self) -> &Hub {
        &self.hub
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
        let renewed = now + session::TTL;
        if renewed - expires_at > session::EXTEND_EVERY {
            self.store
                .extend_session(&hash, renewed)
                .await
                .map_err(|e| internal("extending a session", e))?;
        }
        Ok(Some(Identity {
            credential: Credential::Session {
                user_id: viewer.user_id,
                hash,
            },
            session: Some(CurrentSession(token.to_owned())),
            viewer,
        }))
    }

    /// A session for someone who just joined, registered or signed in.
    fn new_session(&self, viewer: &Viewer, token: String) -> NewSession {
        NewSession {
            user: viewer.user(),
            cookie: session::cookie(&token, self.secure_cookies),
            token,
        }
    }

    fn check_login_limits(&self, name: &str, client: Option<IpAddr>) -> Result<(), ChatError> {
        if let Some(ip) = client {
            self.login_limit_by_address
                .check(&ip)
                .map_err(rate_limited)?;
        }
        self.login_limit_by_account
            .check(&name.to_ascii_lowercase())
            .map_err(rate_limited)
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
        Ok(self.new_session(&viewer, token))
    }

    async fn register(
        &self,
        name: Nickname,
        password: Password,
        current: Option<&Viewer>,
        client: Option<IpAddr>,
    ) -> Result<NewSession, ChatError> {
        if let Some(ip) = client {
            self.session_limit.check(&ip).map_err(rate_limited)?;
        }
        // A guest may turn its own name into an account.
        let claimant = current
            .filter(|v| !v.registered && v.name.key() == name.key())
            .map(|v| v.user_id);
        let password_hash = password_hash::hash(password).await.map_err(|e| {
            tracing::error!(error = %e, "hashing a new password");
            ChatError::Internal
        })?;
        let (token, hash) = session::generate();
        let now = Utc::now();
        let viewer = self
            .store
            .register(
                &name,
                &password_hash,
                claimant,
                &hash,
                now,
                now + session::TTL,
            )
            .await
            .map_err(|e| match e {
                StoreError::NameTaken => ChatError::NameTaken,
                e => internal("registering an account", e),
            })?;
        tracing::info!(user = %viewer.name, claimed_guest_name = claimant.is_some(), "account registered");
        Ok(self.new_session(&viewer, token))
    }

    async fn sign_in(
        &self,
        name: &str,
        password: &str,
        client: Option<IpAddr>,
    ) -> Result<NewSession, ChatError> {
        self.check_login_limits(name, client)?;
        let account = match Nickname::parse(name) {
            Ok(name) => self
                .store
                .account(&name)
                .await
                .map_err(|e| internal("looking up an account", e))?,
            Err(_) => None,
        };
        let too_long = password.chars().count() > Password::MAX_CHARS;
        let candidate = if too_long {
            String::new()
        } else {
            password.to_owned()
        };
        let (viewer, stored) = match account {
            Some((viewer, stored)) => (Some(viewer), Some(stored)),
            None => (None, None),
        };
        let verified = password_hash::verify(candidate, stored).await && !too_long;
        let Some(viewer) = viewer.filter(|_| verified) else {
            tracing::info!("a sign-in was refused");
            return Err(ChatError::WrongCredentials);
        };
        let (token, hash) = session::generate();
        let now = Utc::now();
        self.store
            .open_session(viewer.user_id, &hash, now, now + session::TTL)
            .await
            .map_err(|e| internal("opening a session", e))?;
        tracing::info!(user = %viewer.name, "signed in");
        Ok(self.new_session(&viewer, token))
    }

    async fn sign_out(&self, current: &CurrentSession) -> Result<(), ChatError> {
        let hash = session::hash(&current.0);
        self.store
            .close_session(&hash)
            .await
            .map_err(|e| internal("closing a session", e))?;
        self.hub.revoke(Revocation::Session(hash));
        Ok(())
    }

    async fn sign_out_everywhere(&self, viewer: &Viewer) -> Result<(), ChatError> {
        self.store
            .close_all_sessions(viewer.user_id)
            .await
            .map_err(|e| internal("closing all sessions", e))?;
        self.hub.revoke(Revocation::SessionsOf(viewer.user_id));
        tracing::info!(user = %viewer.name, "signed out everywhere");
        Ok(())
    }

    fn expired_session_cookie(&self) -> String {
        session::expired_cookie(self.secure_cookies)
    }

    fn revealed_token_cookie(&self, secret: Option<&str>) -> String {
        session::revealed_token_cookie(secret, self.secure_cookies)
    }

    async fn create_api_token(
        &self,
        viewer: &Viewer,
        label: TokenLabel,
    ) -> Result<NewApiToken, ChatError> {
        if !viewer.registered {
            return Err(ChatError::RegistrationRequired);
        }
        let (token, hash) = session::generate_api_token();
        let info = self
            .store
            .create_api_token(viewer.user_id, &label, &hash, Utc::now())
            .await
            .map_err(|e| internal("creating an API token", e))?;
        Ok(NewApiToken {
            id: info.id,
            label: info.label,
            token,
        })
    }

    async fn api_tokens(&self, viewer: &Viewer) -> Result<Vec<ApiTokenInfo>, ChatError> {
        if !viewer.registered {
            return Err(ChatError::RegistrationRequired);
        }
        self.store
            .api_tokens(viewer.user_id)
            .await
            .map_err(|e| internal("listing API tokens", e))
    }

    async fn revoke_api_token(&self, viewer: &Viewer, id: i64) -> Result<(), ChatError> {
        if !viewer.registered {
            return Err(ChatError::RegistrationRequired);
        }
        let revoked = self
            .store
            .revoke_api_token(viewer.user_id, id)
            .await
            .map_err(|e| internal("revoking an API token", e))?;
        let hash = revoked.ok_or(ChatError::TokenNotFound)?;
        self.hub.revoke(Revocation::ApiToken(hash));
        Ok(())
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
