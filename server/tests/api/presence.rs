//! Presence and typing: ephemeral, and only for a channel's members.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{next_about, next_event_of_any_kind, spawn_app, Guest, TestApp};

/// The next event called `name` on a feed, skipping others.
async fn next_named(
    feed: &mut (impl futures::Stream<Item = eventsource_stream::Event> + Unpin),
    name: &str,
) -> Value {
    next_about(feed, name, None).await
}

async fn typing(app: &TestApp, channel: &str, guest: &Guest) {
    let path = format!("/api/v1/channels/{channel}/typing");
    let response = app.send(Method::POST, &path, None, guest).await;
    assert_eq!(response.status(), 204);
}

#[tokio::test]
async fn people_come_online_with_their_first_feed_and_go_offline_after_their_last() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let bob = app.join("bob").await;
    let mut anas = app.open_feed("/api/v1/events", &ana, None).await;

    let first_tab = app.open_feed("/api/v1/events", &bob, None).await;
    let online = next_about(&mut anas, "member_online", Some("bob")).await;
    assert_eq!(online, json!({ "channel": "general", "user": "bob" }));
    let second_tab = app.open_feed("/api/v1/events", &bob, None).await;
    drop(first_tab);
    // Still online with one tab: a message goes by before any offline.
    app.post_to("general", &ana, "marker").await;
    loop {
        let event = next_event_of_any_kind(&mut anas).await;
        assert_ne!(event.event, "member_offline", "bob has a tab open");
        if event.event == "message" {
            break;
        }
    }
    drop(second_tab);
    let offline = next_named(&mut anas, "member_offline").await;
    assert_eq!(offline, json!({ "channel": "general", "user": "bob" }));
}

#[tokio::test]
async fn someone_online_who_joins_a_channel_shows_as_online_there() {
    let app = spawn_app().await;
    let ana = app.register("ana").await;
    let bob = app.join("bob").await;
    app.create_channel(&ana, "dev", false).await;
    let mut anas = app
        .open_feed("/api/v1/channels/dev/events", &ana, None)
        .await;
    let _bobs = app.open_feed("/api/v1/events", &bob, None).await;

    let joined = app
        .send(Method::POST, "/api/v1/channels/dev/join", None, &bob)
        .await;
    assert_eq!(joined.status(), 204);
    let online = next_about(&mut anas, "member_online", Some("bob")).await;
    assert_eq!(online, json!({ "channel": "dev", "user": "bob" }));
}

#[tokio::test]
async fn typing_reaches_the_channels_members_and_nobody_else() {
    let app = spawn_app().await;
    let ana = app.register("ana").await;
    let bob = app.join("bob").await;
    let cy = app.join("cy").await;
    app.create_channel(&ana, "room", true).await;
    app.invite("room", "bob", &ana).await;
    let mut anas = app.open_feed("/api/v1/events", &ana, None).await;
    let mut cys = app.open_feed("/api/v1/events", &cy, None).await;

    typing(&app, "room", &bob).await;
    assert_eq!(
        next_named(&mut anas, "typing").await,
        json!({ "channel": "room", "user": "bob" })
    );
    typing(&app, "general", &bob).await;
    assert_eq!(
        next_named(&mut cys, "typing").await,
        json!({ "channel": "general", "user": "bob" }),
        "cy hears #general's typing, never room's"
    );

    let outsider = app
        .send(Method::POST, "/api/v1/channels/room/typing", None, &cy)
        .await;
    assert_eq!(outsider.status(), 404);
}
