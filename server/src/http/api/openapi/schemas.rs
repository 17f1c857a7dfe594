//! The shapes of the API's answers, for the document.
//!
//! The domain types live in `crates/domain`, shared with the browser, and
//! derive nothing but serde there. These mirror their JSON instead: why a
//! derive cannot replace them yet is in `docs/architecture.md`. Every API test validates the real responses it gets
//! against the document (`server/tests/api/openapi.rs`), so a mirror that
//! drifts from its type fails them: fields are required unless the server
//! may leave them out, and no object has fields the document does not name.

use chrono::{DateTime, Utc};
use utoipa::{
    openapi::{
        schema::{ArrayBuilder, ObjectBuilder, Type},
        Ref, RefOr, Schema,
    },
    PartialSchema, ToSchema,
};

/// A text type of the domain crate, as a schema: `min` and `max` characters
/// (as sent) and a `pattern`, all from the type's own constants.
fn text(description: &str, min: usize, max: usize, pattern: Option<&str>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .min_length(Some(min))
        .max_length(Some(max))
        .pattern(pattern)
        .into()
}

/// The schema of the text type `$ty`, from its `MIN_CHARS`, `MAX_CHARS`
/// and `PATTERN` (or the pattern constant named): the constants its
/// `parse` checks, so the two cannot drift apart.
macro_rules! text_of {
    ($ty:ty, $description:expr) => {
        text_of!($ty, PATTERN, $description)
    };
    ($ty:ty, $pattern:ident, $description:expr) => {
        text(
            $description,
            <$ty>::MIN_CHARS,
            <$ty>::MAX_CHARS,
            Some(<$ty>::$pattern),
        )
    };
}

/// An id the database assigns: strictly increasing, from 1; 0 stands for
/// none where an id may be missing.
fn id(description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
            utoipa::openapi::KnownFormat::Int64,
        )))
        .minimum(Some(domain::MessageId::MIN))
        .description(Some(description))
        .into()
}

/// A schema for a newtype of the domain crate: a unit struct named after it,
/// whose schema is `$schema` (the newtypes are serde-only in `app`).
macro_rules! newtype_schema {
    ($name:ident, $schema:expr) => {
        #[doc = concat!("`domain::", stringify!($name), "`.")]
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                $schema
            }
        }

        impl ToSchema for $name {}
    };
}

newtype_schema!(
    Nickname,
    text_of!(
        domain::Nickname,
        "A person's name: ASCII letters, digits, `_`, `-` and `.`, at most 32 characters with any whitespace around it (which is trimmed). Names compare without case."
    )
);
newtype_schema!(
    ChannelName,
    text_of!(
        domain::ChannelName,
        "A channel's name without `#`: lowercase letters, digits, `-` and `_`. DMs are named `dm-<id>`."
    )
);
newtype_schema!(
    NewChannelName,
    text_of!(
        domain::ChannelName,
        NEW_PATTERN,
        "A name for a new channel: as `ChannelName`, but not starting with `dm-` (kept for DMs)."
    )
);
newtype_schema!(
    ChannelTopic,
    text_of!(
        domain::ChannelTopic,
        "One line saying what a channel is for, without control characters; trimmed. Empty or blank when setting it: no topic."
    )
);
newtype_schema!(
    TokenLabel,
    text_of!(
        domain::TokenLabel,
        "What a personal API token is for, in its owner's words: not blank, no control characters; trimmed."
    )
);
newtype_schema!(
    MessageBody,
    text_of!(
        domain::MessageBody,
        "Text to send: not blank, no NUL character, at most 4,000 characters with the whitespace around it (which is trimmed)."
    )
);
newtype_schema!(
    Password,
    text(
        "10 to 256 characters. Registering also refuses the well-known common passwords (`422 invalid_input`), which no pattern can list.",
        domain::Password::MIN_CHARS,
        domain::Password::MAX_CHARS,
        None,
    )
);
newtype_schema!(
    DmNames,
    ArrayBuilder::new()
        .description(Some(
            "The other people of a DM: the caller is always in it, and naming them, or someone twice, takes a place. Naming nobody but the caller is refused (`422 invalid_input`).",
        ))
        .items(Ref::from_schema_name("Nickname"))
        .min_items(Some(1))
        .max_items(Some(domain::DmMembers::MAX_NAMES))
        .into()
);
newtype_schema!(
    MessageId,
    id("A message's id, strictly increasing in the order messages are stored.")
);
newtype_schema!(
    EventId,
    id("A durable event's position in papo's event log: the SSE `id:`, and what `Last-Event-ID` or `?after=` resumes from.")
);

newtype_schema!(
    PageLimit,
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .description(Some("How many messages one page holds."))
        .minimum(Some(domain::PageLimit::MIN))
        .maximum(Some(domain::PageLimit::MAX))
        .into()
);

/// `domain::User`: a person as others see them.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // descriptions for the document; never built
pub struct User {
    name: Nickname,
}

/// `domain::Message`.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Message {
    id: MessageId,
    channel: ChannelName,
    author: Nickname,
    /// What the author typed (Markdown); empty once deleted.
    body: String,
    /// `body` rendered to HTML and sanitized with an allow-list.
    html: String,
    created_at: DateTime<Utc>,
    /// When the author last edited it; `null` if never.
    #[schema(required = true)]
    edited_at: Option<DateTime<Utc>>,
    /// Deleted by its author: `body` and `html` are empty.
    deleted: bool,
    /// The channel's members whom it @mentions.
    mentions: Vec<Nickname>,
}

/// `domain::ChannelKind`.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum ChannelKind {
    /// Anyone can see and join it.
    Public,
    /// Only its members see it; its creator adds and removes them.
    Private,
    /// A conversation between a fixed few people.
    Direct,
}

/// `domain::ChannelInfo`.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ChannelInfo {
    name: ChannelName,
    kind: ChannelKind,
    #[schema(required = true)]
    topic: Option<ChannelTopic>,
    /// `null` for #general, which papo creates.
    #[schema(required = true)]
    created_by: Option<Nickname>,
    /// A DM's people; empty for channels.
    participants: Vec<Nickname>,
}

/// `domain::ChannelSummary`: a channel or DM in the caller's list.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ChannelSummary {
    name: ChannelName,
    kind: ChannelKind,
    #[schema(required = true)]
    topic: Option<ChannelTopic>,
    #[schema(required = true)]
    created_by: Option<Nickname>,
    participants: Vec<Nickname>,
    /// The newest message the caller has read (0: none).
    last_read_id: MessageId,
    /// Messages after `last_read_id` by others.
    unread: u32,
    /// Of those, how many @mention the caller.
    mentions: u32,
    /// The channel's newest message (0: none).
    newest_id: MessageId,
}

/// `domain::ChannelListing`: one channel, as the caller may see it.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ChannelListing {
    name: ChannelName,
    kind: ChannelKind,
    #[schema(required = true)]
    topic: Option<ChannelTopic>,
    #[schema(required = true)]
    created_by: Option<Nickname>,
    participants: Vec<Nickname>,
    members: u32,
    /// Whether the caller is a member (a public channel can be previewed).
    joined: bool,
}

/// `domain::ApiTokenInfo`: a personal API token, without its secret.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ApiTokenInfo {
    id: i64,
    label: TokenLabel,
    created_at: DateTime<Utc>,
    #[schema(required = true)]
    last_used_at: Option<DateTime<Utc>>,
}

/// `domain::NewApiToken`: the only time a token's secret is shown.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct NewApiToken {
    id: i64,
    label: TokenLabel,
    /// Send as `Authorization: Bearer <token>`.
    token: String,
}

/// `domain::StatsSample`: one second of the server's vital signs.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct StatsSample {
    /// When the second ended, in milliseconds since the epoch.
    at: i64,
    /// Live feeds open on this instance.
    connections: u64,
    messages_per_second: f64,
    /// 99th percentile of hub-to-socket delivery time; `null` when nothing
    /// was delivered.
    #[schema(required = true)]
    p99_delivery_ms: Option<f64>,
    /// The database's size; `null` until it has answered.
    #[schema(required = true)]
    database_bytes: Option<u64>,
}

/// A probe's answer.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Probe {
    /// `ok` (`/healthz`) or `ready` (`/readyz`).
    status: String,
}

/// `GET /api/v1/channels`'s answer: the caller's channels, or with
/// `?all=true` every public channel.
pub struct ChannelList;

impl PartialSchema for ChannelList {
    fn schema() -> RefOr<Schema> {
        use utoipa::openapi::schema::AnyOfBuilder;
        AnyOfBuilder::new()
            .description(Some(
                "The caller's channels and DMs with unread counts (`ChannelSummary`), or with `?all=true` every public channel (`ChannelListing`).",
            ))
            .item(ArrayBuilder::new().items(Ref::from_schema_name("ChannelSummary")))
            .item(ArrayBuilder::new().items(Ref::from_schema_name("ChannelListing")))
            .into()
    }
}

impl ToSchema for ChannelList {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        for (name, schema) in [
            (ChannelSummary::name(), ChannelSummary::schema()),
            (ChannelListing::name(), ChannelListing::schema()),
        ] {
            schemas.push((name.into(), schema));
        }
        ChannelSummary::schemas(schemas);
        ChannelListing::schemas(schemas);
    }
}

#[cfg(test)]
mod tests;
