//! The shapes of the API's answers, for the document.
//!
//! The domain types live in `app`, shared with the browser, and derive
//! nothing but serde there (the wasm would carry the rest). These mirror
//! their JSON instead. Every API test validates the real responses it gets
//! against the document (`server/tests/api/openapi.rs`), so a mirror that
//! drifts from its type fails them: fields are required unless the server
//! may leave them out, and no object has fields the document does not name.

use chrono::{DateTime, Utc};
use utoipa::{
    openapi::{
        schema::{ObjectBuilder, Type},
        RefOr, Schema,
    },
    PartialSchema, ToSchema,
};

/// A string newtype of `app::domain`: its rules, as a schema.
fn text(description: &str, pattern: Option<&str>, max_length: usize) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .pattern(pattern)
        .min_length(Some(1))
        .max_length(Some(max_length))
        .into()
}

/// An id the database assigns: positive and strictly increasing.
fn id(description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
            utoipa::openapi::KnownFormat::Int64,
        )))
        .minimum(Some(0))
        .description(Some(description))
        .into()
}

/// A schema for a newtype of `app::domain`: a unit struct named after it,
/// whose schema is `$schema` (the newtypes are serde-only in `app`).
macro_rules! newtype_schema {
    ($name:ident, $schema:expr) => {
        #[doc = concat!("`app::domain::", stringify!($name), "`.")]
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
    text(
        "A person's name: 1 to 32 ASCII letters, digits, `_`, `-` and `.`. Names compare without case.",
        Some(r"^[A-Za-z0-9_.-]{1,32}$"),
        app::domain::Nickname::MAX_CHARS,
    )
);
newtype_schema!(
    ChannelName,
    text(
        "A channel's name without `#`: lowercase letters, digits, `-` and `_`. DMs are named `dm-<id>`.",
        Some(r"^[a-z0-9_-]{1,40}$"),
        app::domain::ChannelName::MAX_CHARS,
    )
);
newtype_schema!(
    ChannelTopic,
    text(
        "One line saying what a channel is for.",
        None,
        app::domain::ChannelTopic::MAX_CHARS,
    )
);
newtype_schema!(
    TokenLabel,
    text(
        "What a personal API token is for, in its owner's words.",
        None,
        app::domain::TokenLabel::MAX_CHARS,
    )
);
newtype_schema!(
    MessageId,
    id("A message's id, strictly increasing in the order messages are stored.")
);
newtype_schema!(
    EventId,
    id("A durable event's position in papo's event log: the SSE `id:`, and what `Last-Event-ID` or `?after=` resumes from.")
);

/// `app::domain::User`: a person as others see them.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // descriptions for the document; never built
pub struct User {
    name: Nickname,
}

/// `app::domain::Message`.
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

/// `app::domain::ChannelKind`.
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

/// `app::domain::ChannelInfo`.
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

/// `app::domain::ChannelSummary`: a channel or DM in the caller's list.
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

/// `app::domain::ChannelListing`: one channel, as the caller may see it.
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

/// `app::domain::ApiTokenInfo`: a personal API token, without its secret.
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

/// `app::domain::NewApiToken`: the only time a token's secret is shown.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct NewApiToken {
    id: i64,
    label: TokenLabel,
    /// Send as `Authorization: Bearer <token>`.
    token: String,
}

/// `app::domain::StatsSample`: one second of the server's vital signs.
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
        use utoipa::openapi::schema::{AnyOfBuilder, ArrayBuilder};
        AnyOfBuilder::new()
            .description(Some(
                "The caller's channels and DMs with unread counts (`ChannelSummary`), or with `?all=true` every public channel (`ChannelListing`).",
            ))
            .item(ArrayBuilder::new().items(utoipa::openapi::Ref::from_schema_name("ChannelSummary")))
            .item(ArrayBuilder::new().items(utoipa::openapi::Ref::from_schema_name("ChannelListing")))
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
