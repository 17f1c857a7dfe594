//! The sentences of [`crate::ValidationError`] and [`crate::ChatError`]:
//! every refusal a person may read, from the browser, the API or the CLI.
//! The rest of papo's wording is in `app::text`, which re-exports these, so
//! that a translation replaces the two files and nothing else.

pub const NAME_EMPTY: &str = "nickname is empty";
pub const NAME_INVALID_CHARACTERS: &str =
    "nickname may only contain letters, digits, '_', '-' and '.'";
pub const NAME_TAKEN: &str = "that nickname is already in use";
pub const PASSWORD_TOO_COMMON: &str =
    "that password is one of the most common ones; please choose another";
pub const WRONG_CREDENTIALS: &str = "wrong name or password";
pub const REGISTRATION_REQUIRED: &str = "only registered accounts can do this";
pub const SESSION_REQUIRED: &str =
    "sign in with your password to do this; a personal API token cannot";
pub const TOKEN_NOT_FOUND: &str = "no such token";
pub const TOKEN_LABEL_EMPTY: &str = "give the token a label";
pub const MESSAGE_EMPTY: &str = "message is empty";
pub const MESSAGE_NUL: &str = "a message cannot hold the NUL character";
pub const CHANNEL_NAME_INVALID: &str =
    "channel names are 1–40 lowercase letters, digits, '-' or '_'";
pub const CHANNEL_NOT_FOUND: &str = "no such channel";
pub const CHANNEL_NAME_RESERVED: &str = "names starting with 'dm-' are kept for direct messages";
pub const CHANNEL_TAKEN: &str = "a channel with that name already exists";
pub const MESSAGE_ID_INVALID: &str = "that is not a message id";
pub const MESSAGE_NOT_FOUND: &str = "no such message";
pub const NOT_YOUR_MESSAGE: &str = "you can only change your own messages";
pub const NOT_A_MEMBER: &str = "join the channel first";
pub const USER_NOT_FOUND: &str = "no such user";
pub const CANNOT_LEAVE_GENERAL: &str = "everyone stays in #general";
pub const NOT_CHANNEL_CREATOR: &str = "only the channel's creator can remove people";
pub const DIRECT_IS_FIXED: &str =
    "the people in a direct conversation are fixed; open a new one instead";
pub const NOT_SIGNED_IN: &str = "you are not signed in";
pub const INTERNAL: &str = "something went wrong on our side; please try again";
pub const UNAVAILABLE: &str =
    "papo cannot reach its database right now; please try again in a moment";
pub const UNREACHABLE: &str = "could not reach the server; please try again";
pub const NOT_FOUND: &str = "not found";

pub fn name_too_long(max: usize) -> String {
    format!("nickname is too long (at most {max} characters)")
}

pub fn password_too_short(min: usize) -> String {
    format!("password is too short (at least {min} characters)")
}

pub fn password_too_long(max: usize) -> String {
    format!("password is too long (at most {max} characters)")
}

pub fn token_label_invalid(max: usize) -> String {
    format!("a token label is at most {max} characters of ordinary text")
}

pub fn message_too_long(max: usize) -> String {
    format!("message is too long (at most {max} characters)")
}

pub fn page_limit_out_of_range(max: u32) -> String {
    format!("limit must be between 1 and {max}")
}

pub fn topic_invalid(max: usize) -> String {
    format!("a topic is one line of at most {max} characters")
}

pub fn dm_members(max: usize) -> String {
    format!("a direct message is with 1 to {max} other people")
}

pub fn rate_limited(retry_after_secs: u64) -> String {
    format!("too many requests; try again in {retry_after_secs} s")
}
