//! The live feeds' events, as OpenAPI 3.2 describes a `text/event-stream`:
//! each event is an item with `event`, `data` (JSON, in a string), and for
//! durable events `id`. The item schema is a `oneOf` keyed by `event`.

use chrono::{DateTime, Utc};
use utoipa::{
    openapi::{
        schema::{ObjectBuilder, OneOfBuilder, Type},
        Ref, RefOr, Schema,
    },
    PartialSchema, ToSchema,
};

use super::schemas::{
    ChannelKind, ChannelName, ChannelTopic, EventId, Message, MessageId, Nickname, StatsSample,
};

/// `message_deleted`'s data: which message.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // descriptions for the document; never built
pub struct MessageRef {
    channel: ChannelName,
    id: MessageId,
}

/// `channel_created`'s data: the new channel, with the `channel` key every
/// event's data has.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ChannelCreated {
    channel: ChannelName,
    name: ChannelName,
    kind: ChannelKind,
    #[schema(required = true)]
    topic: Option<ChannelTopic>,
    #[schema(required = true)]
    created_by: Option<Nickname>,
    participants: Vec<Nickname>,
}

/// `member_joined` and `member_left`.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Membership {
    channel: ChannelName,
    user: Nickname,
    /// Who added or removed them; absent when they did it themselves.
    by: Option<Nickname>,
}

/// `read`: how far the caller has read a channel (on any of their devices).
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ReadMarker {
    channel: ChannelName,
    last_read_id: MessageId,
}

/// `notification`: a note for the caller alone.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Notification {
    from: Nickname,
    /// Plain text.
    text: String,
    sent_at: DateTime<Utc>,
}

/// `member_online`, `member_offline` and `typing`: someone in a channel.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct InChannel {
    channel: ChannelName,
    user: Nickname,
}

/// `ready`'s data: nothing (its `id` is the feed's position).
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Ready {}

/// `resync`'s data: the feed goes on after `latest`; reload what you show.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Resync {
    latest: EventId,
}

/// Whether an event carries an SSE `id:`.
#[derive(Clone, Copy, PartialEq)]
enum Id {
    Durable,
    None,
}

/// One kind of event: its name, whether it has an id, and its data.
fn item(name: &str, id: Id, data: &str, description: &str) -> RefOr<Schema> {
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(description))
        .property(
            "event",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some([name])),
        )
        .required("event")
        .property(
            "data",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .content_media_type("application/json")
                .content_schema(Some(Ref::from_schema_name(data))),
        )
        .required("data")
        .property(
            "retry",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some("^[0-9]+$")),
        );
    if id == Id::Durable {
        object = object
            .property(
                "id",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some("^[0-9]+$"))
                    .description(Some("The event's `EventId`.")),
            )
            .required("id");
    }
    object.into()
}

/// An event of `GET /api/v1/events` or `/api/v1/channels/{channel}/events`.
pub struct FeedEvent;

impl PartialSchema for FeedEvent {
    fn schema() -> RefOr<Schema> {
        use Id::{Durable, None};
        OneOfBuilder::new()
            .description(Some(
                "One event of a live feed. Durable events have an `id`; resume after it with `Last-Event-ID` (or `?after=`) and nothing is missed. Comments (`: heartbeat`) keep idle connections open and carry no event.",
            ))
            .item(item("message", Durable, "Message", "A new message."))
            .item(item("message_updated", Durable, "Message", "A message was edited."))
            .item(item("message_deleted", Durable, "MessageRef", "A message was deleted."))
            .item(item("channel_created", Durable, "ChannelCreated", "A channel or DM the caller can see was created."))
            .item(item("member_joined", Durable, "Membership", "Someone joined or was added."))
            .item(item("member_left", Durable, "Membership", "Someone left or was removed."))
            .item(item("read", Durable, "ReadMarker", "The caller read a channel on some device."))
            .item(item("notification", Durable, "Notification", "A note for the caller only."))
            .item(item("ready", Durable, "Ready", "Everything missed is replayed; live from here. Its `id` is the feed's position."))
            .item(item("resync", Durable, "Resync", "Asked to resume from further back than papo replays: reload what you show from the API."))
            .item(item("member_online", None, "InChannel", "A member came online (not stored)."))
            .item(item("member_offline", None, "InChannel", "A member went offline (not stored)."))
            .item(item("typing", None, "InChannel", "A member is typing (not stored; lasts 5 s)."))
            .into()
    }
}

impl ToSchema for FeedEvent {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        add::<Message>(schemas);
        add::<MessageRef>(schemas);
        add::<ChannelCreated>(schemas);
        add::<Membership>(schemas);
        add::<ReadMarker>(schemas);
        add::<Notification>(schemas);
        add::<Ready>(schemas);
        add::<Resync>(schemas);
        add::<InChannel>(schemas);
    }
}

/// An event of `GET /api/v1/admin/stats`.
pub struct StatsEvent;

impl PartialSchema for StatsEvent {
    fn schema() -> RefOr<Schema> {
        item(
            domain::StatsSample::EVENT,
            Id::None,
            "StatsSample",
            "One second of the server's vital signs: first the last minute's, then one a second.",
        )
    }
}

impl ToSchema for StatsEvent {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        add::<StatsSample>(schemas);
    }
}

/// Adds `T` and what it refers to.
fn add<T: ToSchema>(schemas: &mut Vec<(String, RefOr<Schema>)>) {
    schemas.push((T::name().into(), T::schema()));
    T::schemas(schemas);
}
