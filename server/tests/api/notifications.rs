//! `POST /api/v1/users/{name}/notify` (seed 004's targeted delivery, for
//! integrations): a `notification` reaches its target's streams and no one
//! else's, and a reconnect replays it.

use serde_json::{json, Value};

use crate::helpers::{assert_error, next_event, spawn_app, Guest, TestApp};

/// A registered bot and its personal API token.
async fn bot(app: &TestApp) -> Guest {
    let owner = app.register("deploybot").await;
    app.create_api_token(&owner, "deploys").await.1
}

async fn notify(app: &TestApp, from: &Guest, to: &str, text: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/users/{to}/notify"),
        &json!({ "text": text }),
        Some(&from.token),
    )
    .await
}

#[tokio::test]
async fn a_notification_reaches_its_target_and_nobody_else() {
    let app = spawn_app().await;
    let bot = bot(&app).await;
    let bob = app.join("bob").await;
    let cy = app.join("cy").await;
    let mut bobs = app.open_feed("/api/v1/events", &bob, None).await;
    let mut bobs_general = app
        .open_feed("/api/v1/channels/general/events", &bob, None)
        .await;
    let mut cys = app.open_feed("/api/v1/events", &cy, None).await;

    let response = notify(&app, &bot, "bob", "v2 is live").await;
    assert_eq!(response.status(), 201);
    let sent: Value = response.json().await.unwrap();

    let event = next_event(&mut bobs).await;
    assert_eq!(event.event, "notification");
    assert_eq!(event.id, sent["id"].to_string());
    let data: Value = serde_json::from_str(&event.data).unwrap();
    assert_eq!(data["from"], "deploybot");
    assert_eq!(data["text"], "v2 is live");
    assert!(data["sent_at"].is_string());

    // A message after it: the others see the message first and nothing else.
    app.post_to("general", &cy, "after the notification").await;
    for feed in [&mut cys, &mut bobs_general] {
        assert_eq!(next_event(feed).await.event, "message");
    }
}

#[tokio::test]
async fn a_notification_is_replayed_after_a_reconnect() {
    let app = spawn_app().await;
    let bot = bot(&app).await;
    let bob = app.join("bob").await;
    let before = app.post_to("general", &bob, "before").await;

    assert_eq!(notify(&app, &bot, "bob", "while away").await.status(), 201);
    let resumed = before["id"].to_string();
    let mut bobs = app.open_feed("/api/v1/events", &bob, Some(&resumed)).await;
    let event = next_event(&mut bobs).await;
    assert_eq!(event.event, "notification");
    assert!(event.data.contains("while away"), "{}", event.data);
}

#[tokio::test]
async fn a_notification_to_nobody_or_of_nothing_is_refused() {
    let app = spawn_app().await;
    let bot = bot(&app).await;
    app.join("bob").await;
    assert_error(notify(&app, &bot, "nobody", "hi").await, 404, "not_found").await;
    assert_error(notify(&app, &bot, "a b", "hi").await, 404, "not_found").await;
    assert_error(notify(&app, &bot, "bob", "   ").await, 422, "invalid_input").await;
    let anonymous = app
        .post_json("/api/v1/users/bob/notify", &json!({ "text": "hi" }), None)
        .await;
    assert_error(anonymous, 401, "unauthorized").await;
}
