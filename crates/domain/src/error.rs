//! The error of papo's use cases and server functions.

use serde::{Deserialize, Serialize};

use crate::{text, ValidationError};

/// What can go wrong when a person uses papo, as it crosses the server
/// function boundary. Every variant is safe to show: server-side failures
/// are logged with their context where they happen and arrive here only as
/// the opaque [`ChatError::Internal`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ChatError {
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("{}", text::NAME_TAKEN)]
    NameTaken,
    #[error("{}", text::NOT_SIGNED_IN)]
    NotSignedIn,
    /// The same answer whether the name or the password was wrong.
    #[error("{}", text::WRONG_CREDENTIALS)]
    WrongCredentials,
    /// Guests cannot do this (personal API tokens, for example).
    #[error("{}", text::REGISTRATION_REQUIRED)]
    RegistrationRequired,
    /// Managing API tokens and signing out everywhere take a session
    /// (signing in with the password): a leaked API token must not be able
    /// to mint its successors or lock its owner out.
    #[error("{}", text::SESSION_REQUIRED)]
    SessionRequired,
    #[error("{}", text::TOKEN_NOT_FOUND)]
    TokenNotFound,
    /// Also the answer for a private channel or DM the person is not in,
    /// so that its existence does not leak.
    #[error("{}", text::CHANNEL_NOT_FOUND)]
    ChannelNotFound,
    #[error("{}", text::CHANNEL_TAKEN)]
    ChannelTaken,
    #[error("{}", text::MESSAGE_NOT_FOUND)]
    MessageNotFound,
    #[error("{}", text::NOT_YOUR_MESSAGE)]
    NotYourMessage,
    /// Posting to a public channel the person has not joined.
    #[error("{}", text::NOT_A_MEMBER)]
    NotAMember,
    #[error("{}", text::USER_NOT_FOUND)]
    UserNotFound,
    /// Something the person may not see, such as the admin page for anyone
    /// but an admin: the same answer as for something that does not exist.
    #[error("{}", text::NOT_FOUND)]
    NotFound,
    #[error("{}", text::CANNOT_LEAVE_GENERAL)]
    CannotLeaveGeneral,
    #[error("{}", text::NOT_CHANNEL_CREATOR)]
    NotChannelCreator,
    #[error("{}", text::DIRECT_IS_FIXED)]
    DirectIsFixed,
    /// Too many requests; the person may try again after this many seconds.
    #[error("{}", text::rate_limited(*retry_after_secs))]
    RateLimited { retry_after_secs: u64 },
    #[error("{}", text::INTERNAL)]
    Internal,
    /// The database does not answer (down, restarting, unreachable): papo
    /// keeps running and recovers by itself when it is back.
    #[error("{}", text::UNAVAILABLE)]
    Unavailable,
    /// The call did not complete (network, encoding). The detail stays in
    /// the browser console; the person sees a generic sentence.
    #[error("{}", text::UNREACHABLE)]
    Unreachable(String),
}

impl ChatError {
    /// The HTTP status that answers a call refused this way.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            ChatError::Invalid(_) => S::UNPROCESSABLE_ENTITY,
            ChatError::NameTaken => S::CONFLICT,
            ChatError::NotSignedIn | ChatError::WrongCredentials => S::UNAUTHORIZED,
            ChatError::RegistrationRequired | ChatError::SessionRequired => S::FORBIDDEN,
            ChatError::TokenNotFound => S::NOT_FOUND,
            ChatError::ChannelNotFound
            | ChatError::MessageNotFound
            | ChatError::UserNotFound
            | ChatError::NotFound => S::NOT_FOUND,
            ChatError::ChannelTaken | ChatError::CannotLeaveGeneral | ChatError::DirectIsFixed => {
                S::CONFLICT
            }
            ChatError::NotYourMessage | ChatError::NotAMember | ChatError::NotChannelCreator => {
                S::FORBIDDEN
            }
            ChatError::RateLimited { .. } => S::TOO_MANY_REQUESTS,
            ChatError::Unavailable => S::SERVICE_UNAVAILABLE,
            ChatError::Internal | ChatError::Unreachable(_) => S::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable, machine-readable `code` of the JSON API's errors.
    pub fn code(&self) -> &'static str {
        match self {
            ChatError::Invalid(_) => "invalid_input",
            ChatError::NameTaken => "name_taken",
            ChatError::NotSignedIn => "unauthorized",
            ChatError::WrongCredentials => "wrong_credentials",
            ChatError::RegistrationRequired => "registration_required",
            ChatError::SessionRequired => "session_required",
            ChatError::TokenNotFound => "not_found",
            ChatError::ChannelNotFound
            | ChatError::MessageNotFound
            | ChatError::UserNotFound
            | ChatError::NotFound => "not_found",
            ChatError::ChannelTaken => "channel_taken",
            ChatError::CannotLeaveGeneral => "cannot_leave_general",
            ChatError::DirectIsFixed => "direct_is_fixed",
            ChatError::NotYourMessage | ChatError::NotChannelCreator => "forbidden",
            ChatError::NotAMember => "not_a_member",
            ChatError::RateLimited { .. } => "rate_limited",
            ChatError::Unavailable => "unavailable",
            ChatError::Internal | ChatError::Unreachable(_) => "internal",
        }
    }
}
