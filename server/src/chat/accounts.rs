//! Joining, accounts, sessions and API tokens.

use std::net::IpAddr;

use app::backend::{AccountsBackend, CurrentSession, NewSession, SecureCookies};
use async_trait::async_trait;
use chrono::Utc;
use domain::{ApiTokenInfo, ChatError, NewApiToken, Nickname, Password, TokenLabel, Viewer};

use super::{internal, rate_limited, ChatService};
use crate::{
    chat::client_key::ClientKey,
    chat::password_hash,
    chat::session,
    live::revocation::Revocation,
    store::{Opened, RetiredGuest, StoreError, TokenHash},
};

impl ChatService {
    /// Counts a session opened from `client` (joining or registering).
    fn check_session_limit(&self, client: Option<ClientKey>) -> Result<(), ChatError> {
        match client {
            Some(client) => self
                .session_limit
                .check(&client)
                .map_err(rate_limited("session")),
            None => Ok(()),
        }
    }

    /// Ends what a guest retired to free its name still had: its open
    /// feeds (its sessions are gone, which the database announces to
    /// other instances), and its place in its channels, whose members see
    /// it leave. Otherwise a feed it left open would go on receiving the
    /// private channels and DMs of a name that is someone else's. Call
    /// with the write turn held.
    fn end_retired(&self, retired: Option<RetiredGuest>) {
        let Some(retired) = retired else {
            return;
        };
        self.hub.revoke(Revocation::SessionsOf(retired.user_id));
        self.publish(retired.left);
        tracing::info!(
            user_id = retired.user_id,
            "an idle guest was retired; its name passes on"
        );
    }
}

#[async_trait]
impl AccountsBackend for ChatService {
    async fn join_as_guest(
        &self,
        name: Nickname,
        client: Option<IpAddr>,
    ) -> Result<NewSession, ChatError> {
        self.check_session_limit(client.map(ClientKey::from))?;
        let (token, hash) = session::generate();
        let now = Utc::now();
        // Taking the name may retire its idle guest, which writes events.
        let turn = self.write_turn().await;
        let Opened { viewer, retired } = self
            .store
            .open_guest_session(&name, &hash, now, now + self.session_ttl)
            .await
            .map_err(|e| match e {
                StoreError::NameTaken => ChatError::NameTaken,
                e => internal("opening a guest session", e),
            })?;
        self.end_retired(retired);
        drop(turn);
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
        self.check_session_limit(client.map(ClientKey::from))?;
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
        let turn = self.write_turn().await;
        let Opened { viewer, retired } = self
            .store
            .register(
                &name,
                &password_hash,
                claimant,
                &hash,
                now,
                now + self.session_ttl,
            )
            .await
            .map_err(|e| match e {
                StoreError::NameTaken => ChatError::NameTaken,
                e => internal("registering an account", e),
            })?;
        self.end_retired(retired);
        drop(turn);
        if let Some(guest) = claimant {
            // The guest's other sessions were opened by whoever had its
            // token, not with the password, and are gone: their feeds end
            // too. The new session has none yet.
            self.hub.revoke(Revocation::SessionsOf(guest));
        }
        tracing::info!(user = %viewer.name, claimed_guest_name = claimant.is_some(), "account registered");
        Ok(self.new_session(&viewer, token))
    }

    async fn sign_in(
        &self,
        name: &str,
        password: &str,
        client: Option<IpAddr>,
    ) -> Result<NewSession, ChatError> {
        let name = Nickname::parse(name).ok();
        self.check_login_limits(name.as_ref(), client.map(ClientKey::from))?;
        let account = match name {
            Some(name) => self
                .store
                .account(&name)
                .await
                .map_err(|e| internal("looking up an account", e))?,
            None => None,
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
            .open_session(viewer.user_id, &hash, now, now + self.session_ttl)
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

    async fn sign_out_everywhere(
        &self,
        viewer: &Viewer,
        _session: &CurrentSession,
    ) -> Result<(), ChatError> {
        self.spend_write(viewer)?;
        self.store
            .close_all_sessions(viewer.user_id)
            .await
            .map_err(|e| internal("closing all sessions", e))?;
        self.hub.revoke(Revocation::SessionsOf(viewer.user_id));
        tracing::info!(user = %viewer.name, "signed out everywhere");
        Ok(())
    }

    fn session_cookie(&self, token: &str, secure: SecureCookies) -> String {
        session::cookie(token, secure)
    }

    fn expired_session_cookie(&self, secure: SecureCookies) -> String {
        session::expired_cookie(secure)
    }

    fn revealed_token_cookie(&self, secret: Option<&str>, secure: SecureCookies) -> String {
        session::revealed_token_cookie(secret, secure)
    }

    async fn create_api_token(
        &self,
        viewer: &Viewer,
        _session: &CurrentSession,
        label: TokenLabel,
    ) -> Result<NewApiToken, ChatError> {
        self.spend_write(viewer)?;
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

    async fn api_tokens(
        &self,
        viewer: &Viewer,
        _session: &CurrentSession,
    ) -> Result<Vec<ApiTokenInfo>, ChatError> {
        if !viewer.registered {
            return Err(ChatError::RegistrationRequired);
        }
        self.store
            .api_tokens(viewer.user_id)
            .await
            .map_err(|e| internal("listing API tokens", e))
    }

    async fn revoke_api_token(
        &self,
        viewer: &Viewer,
        _session: &CurrentSession,
        id: i64,
    ) -> Result<(), ChatError> {
        let revoked = self.revoke_token(viewer, id, None).await?;
        revoked.then_some(()).ok_or(ChatError::TokenNotFound)
    }
}

impl ChatService {
    /// A personal API token revoking itself (`papo logout`): the one thing
    /// about tokens a token may do, as it ends only that token. Any other
    /// id is [`ChatError::SessionRequired`].
    pub async fn revoke_this_api_token(
        &self,
        viewer: &Viewer,
        this: &TokenHash,
        id: i64,
    ) -> Result<(), ChatError> {
        let revoked = self.revoke_token(viewer, id, Some(this)).await?;
        revoked.then_some(()).ok_or(ChatError::SessionRequired)
    }

    /// Revokes the viewer's token `id` (if it is `only`, when given) and
    /// ends the feeds it opened; `false` when there is no such token.
    async fn revoke_token(
        &self,
        viewer: &Viewer,
        id: i64,
        only: Option<&TokenHash>,
    ) -> Result<bool, ChatError> {
        self.spend_write(viewer)?;
        if !viewer.registered {
            return Err(ChatError::RegistrationRequired);
        }
        let revoked = self
            .store
            .revoke_api_token(viewer.user_id, id, only)
            .await
            .map_err(|e| internal("revoking an API token", e))?;
        let Some(hash) = revoked else {
            return Ok(false);
        };
        self.hub.revoke(Revocation::ApiToken(hash));
        Ok(true)
    }
}
