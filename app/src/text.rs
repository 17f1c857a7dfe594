//! Every sentence papo shows or says to a person, in one place, so that a
//! Brazilian Portuguese translation replaces this file and nothing else.

pub const APP_NAME: &str = "papo";
pub const TAGLINE: &str = "Team chat that keeps every message.";

pub const JOIN_HEADING: &str = "Join the conversation";
pub const JOIN_NAME_LABEL: &str = "Nickname";
pub const JOIN_NAME_HINT: &str = "1–32 letters, digits, _ - or .";
pub const JOIN_BUTTON: &str = "Join #general";

pub const SIGNED_IN_AS: &str = "Signed in as";
pub const TIMELINE_LABEL: &str = "Messages";
pub const TIMELINE_EMPTY: &str = "No messages yet. Say hello!";
pub const COMPOSER_LABEL: &str = "Message";
pub const COMPOSER_PLACEHOLDER: &str =
    "Message #general (Enter to send, Shift+Enter for a new line)";
pub const SEND_BUTTON: &str = "Send";
pub const PENDING: &str = "sending…";

pub const LIVE_CONNECTING: &str = "Connecting…";
pub const LIVE_OPEN: &str = "Live";
pub const LIVE_RECONNECTING: &str = "Reconnecting…";

pub const NAME_EMPTY: &str = "nickname is empty";
pub const NAME_INVALID_CHARACTERS: &str =
    "nickname may only contain letters, digits, '_', '-' and '.'";
pub const NAME_TAKEN: &str = "that nickname is already in use";
pub const PASSWORD_TOO_COMMON: &str =
    "that password is one of the most common ones; please choose another";
pub const WRONG_CREDENTIALS: &str = "wrong name or password";
pub const REGISTRATION_REQUIRED: &str = "only registered accounts can do this";
pub const TOKEN_NOT_FOUND: &str = "no such token";
pub const TOKEN_LABEL_EMPTY: &str = "give the token a label";
pub const MESSAGE_EMPTY: &str = "message is empty";
pub const CHANNEL_NAME_INVALID: &str =
    "channel names are 1–40 lowercase letters, digits, '-' or '_'";
pub const CHANNEL_NOT_FOUND: &str = "no such channel";
pub const NOT_SIGNED_IN: &str = "you are not signed in";
pub const INTERNAL: &str = "something went wrong on our side; please try again";
pub const UNREACHABLE: &str = "could not reach the server; please try again";
pub const NOT_FOUND: &str = "not found";
pub const PAGE_NOT_FOUND: &str = "Page not found.";
pub const BACK_TO_CHAT: &str = "Back to the chat";
pub const CROSS_SITE: &str = "this request came from another site and was refused";
pub const PAYLOAD_TOO_LARGE: &str = "request body is too large (limit 64 KiB)";

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

pub fn rate_limited(retry_after_secs: u64) -> String {
    format!("too many requests; try again in {retry_after_secs} s")
}

pub fn invalid_json(reason: &str) -> String {
    format!("invalid JSON: {reason}")
}

pub fn invalid_query(reason: &str) -> String {
    format!("invalid query: {reason}")
}
