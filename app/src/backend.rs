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
        ApiTokenInfo, ChannelInfo, ChannelListing, ChannelName, ChannelSummary, ChannelTopic,
        DmMembers, EventId, Message, MessageBody, MessageId, NewApiToken, Nickname, Password,
        StatsSample, TokenLabel, User, Viewer,
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
/// ends this one, and what a personal API token may not do (managing
/// tokens, signing out everywhere) asks for it as proof.
#[derive(Clone)]
pub struct CurrentSession(pub String);

/// A freshly opened session: the user and the secret that identifies them.
pub struct NewSession {
    pub user: User,
    /// The session token, shown to its owner once and stored only hashed.
    pub token: String,
}

/// Whether the cookies of a response are `Secure`: papo saw the request
/// arrive over HTTPS (a trusted proxy's `X-Forwarded-Proto`), or
/// `PAPO_SECURE_COOKIES=true` says so. A layer of the server puts it in
/// each request's extensions. A `Secure` session cookie is named
/// `__Host-papo_session`, which browsers keep only from HTTPS and only for
/// the whole host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecureCookies(pub bool);

/// Joining, accounts, sessions and API tokens.
#[async_trait]
pub trait AccountsBackend: Send + Sync {
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
    /// one by one). Asked in one of those sessions.
    async fn sign_out_everywhere(
        &self,
        viewer: &Viewer,
        session: &CurrentSession,
    ) -> Result<(), ChatError>;

    /// The `Set-Cookie` value carrying a new session's token.
    fn session_cookie(&self, token: &str, secure: SecureCookies) -> String;

    /// The `Set-Cookie` value that removes the session cookie.
    fn expired_session_cookie(&self, secure: SecureCookies) -> String;

    /// The `Set-Cookie` value of [`REVEALED_TOKEN_COOKIE`]: set to `secret`,
    /// or cleared with `None`.
    fn revealed_token_cookie(&self, secret: Option<&str>, secure: SecureCookies) -> String;

    /// Personal API tokens are managed in a session of their owner's: a
    /// token cannot create, list or revoke tokens.
    async fn create_api_token(
        &self,
        viewer: &Viewer,
        session: &CurrentSession,
        label: TokenLabel,
    ) -> Result<NewApiToken, ChatError>;

    async fn api_tokens(
        &self,
        viewer: &Viewer,
        session: &CurrentSession,
    ) -> Result<Vec<ApiTokenInfo>, ChatError>;

    async fn revoke_api_token(
        &self,
        viewer: &Viewer,
        session: &CurrentSession,
        id: i64,
    ) -> Result<(), ChatError>;
}

/// Writing and reading messages.
#[async_trait]
pub trait MessagesBackend: Send + Sync {
    /// Posts to a channel the author is a member of.
    async fn post_message(
        &self,
        author: &Viewer,
        channel: &ChannelName,
        body: MessageBody,
    ) -> Result<Message, ChatError>;

    /// Changes the body of one's own message.
    async fn edit_message(
        &self,
        viewer: &Viewer,
        id: MessageId,
        body: MessageBody,
    ) -> Result<Message, ChatError>;

    /// Deletes one's own message, leaving a "deleted" marker.
    async fn delete_message(&self, viewer: &Viewer, id: MessageId) -> Result<(), ChatError>;

    /// Up to `limit` messages older than `before` (or the newest), oldest
    /// first, of a channel the viewer may read.
    async fn history(
        &self,
        viewer: &Viewer,
        channel: &ChannelName,
        before: Option<MessageId>,
        limit: u32,
    ) -> Result<Vec<Message>, ChatError>;

    /// The newest event id: a page rendered now resumes its live stream
    /// after it.
    async fn latest_event_id(&self) -> Result<EventId, ChatError>;
}

/// Channels, members, DMs and read positions.
#[async_trait]
pub trait ChannelsBackend: Send + Sync {
    /// The channels and DMs the viewer is in, with unread counts: the sidebar.
    async fn channels(&self, viewer: &Viewer) -> Result<Vec<ChannelSummary>, ChatError>;

    /// One channel the viewer may read (any public one, or a private
    /// channel or DM they are in); [`ChatError::ChannelNotFound`] otherwise.
    async fn channel(
        &self,
        viewer: &Viewer,
        channel: &ChannelName,
    ) -> Result<ChannelListing, ChatError>;

    /// Every public channel, for "browse channels".
    async fn public_channels(&self, viewer: &Viewer) -> Result<Vec<ChannelListing>, ChatError>;

    /// Creates a channel (registered accounts only) with its creator in it.
    async fn create_channel(
        &self,
        viewer: &Viewer,
        name: ChannelName,
        topic: Option<ChannelTopic>,
        private: bool,
    ) -> Result<ChannelInfo, ChatError>;

    /// Joins a public channel (joining twice is fine).
    async fn join_channel(&self, viewer: &Viewer, channel: &ChannelName) -> Result<(), ChatError>;

    /// Leaves a channel (not #general, not a DM).
    async fn leave_channel(&self, viewer: &Viewer, channel: &ChannelName) -> Result<(), ChatError>;

    /// Adds `user` to a channel the viewer is in.
    async fn add_member(
        &self,
        viewer: &Viewer,
        channel: &ChannelName,
        user: &Nickname,
    ) -> Result<(), ChatError>;

    /// Removes `user` from a private channel the viewer created.
    async fn remove_member(
        &self,
        viewer: &Viewer,
        channel: &ChannelName,
        user: &Nickname,
    ) -> Result<(), ChatError>;

    /// The members of a channel the viewer may read, by name.
    async fn members(
        &self,
        viewer: &Viewer,
        channel: &ChannelName,
    ) -> Result<Vec<Nickname>, ChatError>;

    /// The direct conversation of the viewer and `members`: the existing one
    /// for the same people, or a new one.
    async fn open_dm(&self, viewer: &Viewer, members: DmMembers) -> Result<ChannelInfo, ChatError>;

    /// The members of a channel the viewer may read who are online now.
    async fn online_members(
        &self,
        viewer: &Viewer,
        channel: &ChannelName,
    ) -> Result<Vec<Nickname>, ChatError>;

    /// Tells the channel's members that the viewer (a member) is typing.
    async fn typing(&self, viewer: &Viewer, channel: &ChannelName) -> Result<(), ChatError>;

    /// Records that the viewer has read `channel` up to `last_read_id`
    /// (never moving backwards).
    async fn mark_read(
        &self,
        viewer: &Viewer,
        channel: &ChannelName,
        last_read_id: MessageId,
    ) -> Result<(), ChatError>;
}

/// What the server found before rendering `/admin` for an admin (the page
/// cannot wait for the database while it renders): the last minute of
/// stats. The server puts it in the request's extensions; without it, the
/// page is the 404 page.
#[derive(Clone)]
pub struct AdminStats(pub Vec<StatsSample>);

/// Running papo: what its admins see.
#[async_trait]
pub trait AdminBackend: Send + Sync {
    /// Whether the viewer is one of papo's admins: a registered account
    /// named in `PAPO_ADMINS`, or without it the account registered first.
    async fn is_admin(&self, viewer: &Viewer) -> Result<bool, ChatError>;

    /// The server's recent stats, oldest first, for an admin;
    /// [`ChatError::NotFound`] for anyone else.
    async fn server_stats(&self, viewer: &Viewer) -> Result<Vec<StatsSample>, ChatError>;
}

/// Everything server functions ask of the server, in four parts.
pub trait ChatBackend:
    AccountsBackend + ChannelsBackend + MessagesBackend + AdminBackend + 'static
{
}

impl<T: AccountsBackend + ChannelsBackend + MessagesBackend + AdminBackend + 'static> ChatBackend
    for T
{
}

/// How the backend travels in Leptos context.
pub type SharedBackend = Arc<dyn ChatBackend>;
