//! Every sentence papo shows or says to a person, so that a Brazilian
//! Portuguese translation replaces this file and `domain::text` (the
//! refusals of the domain types and use cases, which the CLI shows too) and
//! nothing else. Those are re-exported here: `text::X` names any sentence.

pub use domain::text::*;

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

pub const TO_LOGIN_LINK: &str = "Have an account? Sign in or register";
pub const REGISTER_LINK: &str = "Register";
pub const SETTINGS_LINK: &str = "Settings";
pub const SIGN_OUT_BUTTON: &str = "Sign out";
pub const ACCOUNT_MENU_LABEL: &str = "Your account";

pub const LOGIN_TITLE: &str = "Sign in — papo";
pub const LOGIN_HEADING: &str = "Your papo account";
pub const SIGN_IN_HEADING: &str = "Sign in";
pub const SIGN_IN_BUTTON: &str = "Sign in";
pub const REGISTER_HEADING: &str = "Create an account";
pub const REGISTER_INTRO: &str =
    "Keep your nickname for good and use papo from scripts with API tokens.";
pub const REGISTER_BUTTON: &str = "Create account";
pub const ACCOUNT_NAME_LABEL: &str = "Name";
pub const PASSWORD_LABEL: &str = "Password";
pub const PASSWORD_HINT: &str = "at least 10 characters";

pub const SETTINGS_TITLE: &str = "Settings — papo";
pub const SETTINGS_HEADING: &str = "Settings";
pub const SETTINGS_VISITOR: &str = "Sign in to see your settings.";
pub const SETTINGS_GUEST: &str =
    "You are chatting as a guest. Personal API tokens need an account: register to keep your nickname and create them.";
pub const TO_LOGIN: &str = "Sign in or register";
pub const ADMIN_LINK: &str = "Admin: server stats";

pub const ADMIN_TITLE: &str = "Admin — papo";
pub const ADMIN_HEADING: &str = "Server stats";
pub const ADMIN_INTRO: &str =
    "This instance, sampled every second; each chart shows the last minute.";
pub const ADMIN_LIVE: &str = "Live";
pub const ADMIN_RECONNECTING: &str = "Reconnecting…";
pub const STAT_CONNECTIONS: &str = "Connections";
pub const STAT_MESSAGES: &str = "Messages per second";
pub const STAT_LATENCY: &str = "Delivery latency (p99)";
pub const STAT_DATABASE: &str = "Database size";
pub const STAT_NONE: &str = "—";
pub const TOKENS_HEADING: &str = "Personal API tokens";
pub const TOKENS_INTRO: &str =
    "A token lets a script or bot use the JSON API as you. Send it in this header:";
pub const TOKENS_HEADER_EXAMPLE: &str = "Authorization: Bearer <token>";
/// The link from the tokens' section to the API reference (`/api/docs`).
pub const API_DOCS_LINK: &str = "What the API can do";
pub const TOKEN_LABEL_LABEL: &str = "Label";
pub const TOKEN_LABEL_PLACEHOLDER: &str = "e.g. laptop cli";
pub const CREATE_TOKEN_BUTTON: &str = "Create token";
pub const NEW_TOKEN_HEADING: &str = "Your new token";
pub const NEW_TOKEN_WARNING: &str = "Copy this token now; it will not be shown again.";
pub const TOKENS_EMPTY: &str = "No tokens yet.";
pub const TOKEN_CREATED: &str = "created";
pub const TOKEN_LAST_USED: &str = "last used";
pub const TOKEN_NEVER_USED: &str = "never";
pub const REVOKE_BUTTON: &str = "Revoke";
pub const SESSIONS_HEADING: &str = "Sessions";
pub const SESSIONS_INTRO: &str =
    "Signed in on a computer you no longer use? End every session of this account, this one included.";
pub const SIGN_OUT_EVERYWHERE_BUTTON: &str = "Sign out everywhere";

pub const LIVE_CONNECTING: &str = "Connecting…";
pub const LIVE_OPEN: &str = "Live";
pub const LIVE_RECONNECTING: &str = "Reconnecting…";

/// `/readyz` when the database lacks some of this version's migrations.
pub fn migrations_missing(count: usize) -> String {
    let them = if count == 1 {
        "migration"
    } else {
        "migrations"
    };
    format!("the database lacks {count} {them} of this version of papo; restart papo to apply them")
}
pub const PAGE_NOT_FOUND: &str = "Page not found.";
pub const BACK_TO_CHAT: &str = "Back to the chat";
pub const CROSS_SITE: &str = "this request came from another site and was refused";
pub const PAYLOAD_TOO_LARGE: &str = "request body is too large (limit 64 KiB)";

pub fn invalid_json(reason: &str) -> String {
    format!("invalid JSON: {reason}")
}

pub fn invalid_query(reason: &str) -> String {
    format!("invalid query: {reason}")
}

/// The accessible name of a token's revoke button.
pub fn revoke_token_label(label: &str) -> String {
    format!("Revoke the token “{label}”")
}

// Channels UI

pub const SIDEBAR_LABEL: &str = "Conversations";
pub const CHANNELS_HEADING: &str = "Channels";
pub const DIRECT_MESSAGES_HEADING: &str = "Direct messages";
pub const BROWSE_CHANNELS_LINK: &str = "Browse channels";
pub const NEW_DM_LINK: &str = "New direct message";
pub const PRIVATE_MARK: &str = "(private)";
pub const NO_DIRECT_MESSAGES: &str = "No conversations yet.";

pub const BROWSE_TITLE: &str = "Channels — papo";
pub const BROWSE_HEADING: &str = "Channels";
pub const BROWSE_LIST_HEADING: &str = "Public channels";
pub const BROWSE_EMPTY: &str = "No public channels yet.";
pub const BROWSE_VISITOR: &str = "Join the chat to see its channels.";
pub const TO_CHAT: &str = "Join the chat";
pub const OPEN_CHANNEL_LINK: &str = "Open";
pub const JOIN_CHANNEL_BUTTON: &str = "Join";
pub const LEAVE_CHANNEL_BUTTON: &str = "Leave";
pub const JOINED_MARK: &str = "joined";

pub const CREATE_CHANNEL_HEADING: &str = "Create a channel";
pub const CHANNEL_NAME_LABEL: &str = "Name";
pub const CHANNEL_NAME_HINT: &str = "1–40 lowercase letters, digits, - or _";
pub const CHANNEL_TOPIC_LABEL: &str = "Topic (optional)";
pub const CHANNEL_PRIVATE_LABEL: &str = "Private: only the people you invite can find and read it";
pub const CREATE_CHANNEL_BUTTON: &str = "Create channel";
pub const CREATE_NEEDS_ACCOUNT: &str =
    "Creating channels needs an account: register to keep your nickname, then create them.";

pub const NEW_DM_HEADING: &str = "New direct message";
pub const DM_MEMBERS_LABEL: &str = "People";
pub const DM_MEMBERS_HINT: &str = "nicknames separated by commas, e.g. bob, cy";
pub const OPEN_DM_BUTTON: &str = "Open conversation";

pub const MEMBERS_HEADING: &str = "Members";
pub const INVITE_LABEL: &str = "Invite someone";
pub const INVITE_PLACEHOLDER: &str = "nickname";
pub const INVITE_BUTTON: &str = "Invite";
pub const REMOVE_MEMBER_BUTTON: &str = "Remove";
pub const PREVIEWING: &str = "You are reading this channel without being in it.";
pub const CHANNEL_NOT_FOUND_HEADING: &str = "Channel not found";
pub const CHANNEL_NOT_FOUND_TEXT: &str =
    "There is no such channel, or it is private and you are not in it.";

pub const HISTORY_LOADING: &str = "loading older messages…";
pub const JUMP_TO_LATEST: &str = "Jump to latest";
pub const EDITED: &str = "(edited)";
pub const MESSAGE_DELETED: &str = "message deleted";
pub const EDIT_BUTTON: &str = "Edit";
pub const DELETE_BUTTON: &str = "Delete";
pub const SAVE_BUTTON: &str = "Save";
pub const CANCEL_BUTTON: &str = "Cancel";
pub const DELETE_CONFIRM: &str = "Delete this message?";
pub const EDIT_LABEL: &str = "Edit message";
pub const EDIT_HINT: &str = "Enter to save, Escape to cancel";
pub const MESSAGE_ACTIONS_LABEL: &str = "Message actions";

pub fn member_count(n: u32) -> String {
    if n == 1 {
        "1 member".to_owned()
    } else {
        format!("{n} members")
    }
}

pub fn history_start(title: &str) -> String {
    format!("This is the beginning of {title}.")
}

pub fn composer_placeholder(title: &str) -> String {
    format!("Message {title} (Enter to send, Shift+Enter for a new line)")
}

pub fn page_title(title: &str) -> String {
    format!("{title} — papo")
}

/// The accessible name of a sidebar item's unread badge.
pub fn unread_label(n: u32) -> String {
    if n == 1 {
        "1 unread message".to_owned()
    } else {
        format!("{n} unread messages")
    }
}

/// The accessible name of a sidebar item's mention badge.
pub fn mentions_label(n: u32) -> String {
    if n == 1 {
        "1 mention of you".to_owned()
    } else {
        format!("{n} mentions of you")
    }
}

/// What a mention badge shows.
pub fn mentions_badge(n: u32) -> String {
    format!("@{n}")
}

/// The accessible name of a member's remove button.
pub fn remove_member_label(name: &str) -> String {
    format!("Remove {name} from the channel")
}

/// The accessible name of the join button for channel `name`.
pub fn join_channel_label(name: &str) -> String {
    format!("Join #{name}")
}

/// The accessible name of the leave button for channel `name`.
pub fn leave_channel_label(name: &str) -> String {
    format!("Leave #{name}")
}

// Connection and presence UI

pub const LIVE_OFFLINE: &str = "Offline";
pub const LIVE_STATUS_LABEL: &str = "Connection";
pub const NOT_SENT: &str = "not sent";
pub const QUEUED_HINT: &str = "It will be sent when the connection is back.";
pub const CANCEL_QUEUED_LABEL: &str = "Cancel this unsent message";
pub const ONLINE_HEADING: &str = "Online now";
pub const NOTIFICATIONS_LABEL: &str = "Notifications";

/// After "Reconnecting…" while the next attempt is `secs` seconds away.
pub fn retrying_in(secs: u64) -> String {
    format!(" — retrying in {secs} s")
}

/// A queued message the server refused.
pub fn not_sent_because(reason: &str) -> String {
    format!("not sent: {reason}")
}

/// The accessible name of a notification's dismiss button.
pub fn dismiss_notification_label(from: &str) -> String {
    format!("Dismiss notification from {from}")
}

pub fn online_count(n: usize) -> String {
    format!("{n} online")
}

/// Who is typing, e.g. "ana and bob are typing…"; `None` for nobody.
pub fn typing(names: &[String]) -> Option<String> {
    match names {
        [] => None,
        [one] => Some(format!("{one} is typing…")),
        [one, two] => Some(format!("{one} and {two} are typing…")),
        _ => Some("several people are typing…".to_owned()),
    }
}

/// A timeline notice: `user` joined the channel titled `title`.
pub fn joined_notice(user: &str, title: &str) -> String {
    format!("{user} joined {title}")
}

/// A timeline notice: `by` added `user`.
pub fn added_notice(by: &str, user: &str) -> String {
    format!("{by} added {user}")
}

/// A timeline notice: `user` left.
pub fn left_notice(user: &str) -> String {
    format!("{user} left")
}

/// A timeline notice: `by` removed `user`.
pub fn removed_notice(by: &str, user: &str) -> String {
    format!("{by} removed {user}")
}
