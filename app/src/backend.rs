//! The seam between the shared server functions and the server that runs
//! them (server build only).
//!
//! The `app` crate cannot depend on `server` (the server depends on it), so
//! the server implements [`ChatBackend`] over its use cases and provides it
//! as Leptos context; server functions are thin adapters that call it.

use std::{net::IpAddr, sync::Arc};

use async_trait::async_trait;

use crate::{
    domain::{
        ApiTokenInfo, ChannelName, Message, MessageBody, MessageId, NewApiToken, Nickname,
        Password, TokenLabel, User, Viewer,
    },
    error::ChatError,
};

/// The cookie that carries a just-created API token's secret to the next
/// settings page, for browsers without JavaScript: a plain form post is
/// answered with a redirect, which cannot carry it in its body. Scoped to
/// `/settings`, HttpOnly, SameSite=Strict, a minute long, and cleared by
/// the first page that shows it.
pub const REVEALED_TOKEN_COOKIE: &str = "papo_new_token";

/// The session token a request was authenticated with, when it was a
/// session (cookie or Bearer) rather than a personal API token. The
/// server's session layer puts it in the request's extensions; signing out
/// ends this one.
#[derive(Clone)]
pub struct CurrentSession(pub String);

/// A freshly opened session: the user and the secret that identifies them.
pub struct NewSession {
    pub user: User,
    /// The session token, shown to its owner once and stored only hashed.
    pub token: String,
    /// The complete `Set-Cookie` value carrying the token.
    pub cookie: String,
}

#[async_trait]
pub trait ChatBackend: Send + Sync + 'static {
    /// `client` is the address the request came from, for rate limiting.
    async fn join_as_guest(
        &self,
        name: Nickname,
        client: Option<IpAddr>,
    ) -> Result<NewSession, ChatError>;

    /// Creates an account and signs it in. A guest registering under its own
    /// name (`current`) keeps the name and its messages.
    async fn register(
        &self,
        name: Nickname,
        password: Password,
        current: Option<&Viewer>,
        client: Option<IpAddr>,
    ) -> Result<NewSession, ChatError>;

    /// Signs a registered account in; [`ChatError::WrongCredentials`] whether
    /// the name or the password was wrong.
    async fn sign_in(
        &self,
        name: &str,
        password: &str,
        client: Option<IpAddr>,
    ) -> Result<NewSession, ChatError>;

    /// Ends one session.
    async fn sign_out(&self, session: &CurrentSession) -> Result<(), ChatError>;

    /// Ends every session of the person (API tokens stay; revoke those
    /// one by one).
    async fn sign_out_everywhere(&self, viewer: &Viewer) -> Result<(), ChatError>;

    /// The `Set-Cookie` value that removes the session cookie.
    fn expired_session_cookie(&self) -> String;

    /// The `Set-Cookie` value of [`REVEALED_TOKEN_COOKIE`]: set to `secret`,
    /// or cleared with `None`.
    fn revealed_token_cookie(&self, secret: Option<&str>) -> String;

    async fn create_api_token(
        &self,
        viewer: &Viewer,
        label: TokenLabel,
    ) -> Result<NewApiToken, ChatError>;

    async fn api_tokens(&self, viewer: &Viewer) -> Result<Vec<ApiTokenInfo>, ChatError>;

    async fn revoke_api_token(&self, viewer: &Viewer, id: i64) -> Result<(), ChatError>;

    async fn post_message(
        &self,
        author: &Viewer,
        channel: &ChannelName,
        body: MessageBody,
    ) -> Result<Message, ChatError>;

    /// Up to `limit` messages older than `before` (or the newest), oldest first.
    async fn history(
        &self,
        viewer: &Viewer,
        channel: &ChannelName,
        before: Option<MessageId>,
        limit: u32,
    ) -> Result<Vec<Message>, ChatError>;
}

/// How the backend travels in Leptos context.
pub type SharedBackend = Arc<dyn ChatBackend>;
