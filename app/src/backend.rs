//! The seam between the shared server functions and the server that runs
//! them (server build only).
//!
//! The `app` crate cannot depend on `server` (the server depends on it), so
//! the server implements [`ChatBackend`] over its use cases and provides it
//! as Leptos context; server functions are thin adapters that call it.

use std::{net::IpAddr, sync::Arc};

use async_trait::async_trait;

use crate::{
    domain::{ChannelName, Message, MessageBody, MessageId, Nickname, User, Viewer},
    error::ChatError,
};

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
