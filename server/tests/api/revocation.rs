//! Open live feeds end as soon as their credential stops granting access.

use eventsource_stream::Event;
use futures::Stream;
use serde_json::{json, Value};

use crate::helpers::{assert_feed_ends, next_event, spawn_app, Guest, TestApp};

const PASSWORD: &str = "correct horse battery staple";

async fn account_session(app: &TestApp, register: bool) -> Guest {
    let path = if register {
        "/api/v1/users"
    } else {
        "/api/v1/session"
    };
    let response = app
        .post_json(path, &json!({ "name": "ana", "password": PASSWORD }), None)
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    Guest {
        token: body["token"].as_str().unwrap().to_owned(),
    }
}

async fn assert_ends(feed: &mut (impl Stream<Item = Event> + Unpin)) {
    assert_feed_ends(feed).await;
}

#[tokio::test]
async fn signing_out_ends_that_sessions_feeds_only() {
    let app = spawn_app().await;
    let laptop = account_session(&app, true).await;
    let phone = account_session(&app, false).await;
    let mut laptop_feed = app.open_feed("/api/v1/events", &laptop, None).await;
    let mut phone_feed = app.open_feed("/api/v1/events", &phone, None).await;

    assert_eq!(
        app.delete("/api/v1/session", &laptop.token).await.status(),
        204
    );
    assert_ends(&mut laptop_feed).await;

    app.post_message(&phone, "the phone is still live").await;
    let event = next_event(&mut phone_feed).await;
    assert!(event.data.contains("the phone is still live"));
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_feed_but_not_api_tokens() {
    let app = spawn_app().await;
    let laptop = account_session(&app, true).await;
    let phone = account_session(&app, false).await;
    let (_, bot) = app.create_api_token(&laptop, "bot").await;
    let mut laptop_feed = app.open_feed("/api/v1/events", &laptop, None).await;
    let mut phone_feed = app
        .open_feed("/api/v1/channels/general/events", &phone, None)
        .await;
    let mut bot_feed = app.open_feed("/api/v1/events", &bot, None).await;

    assert_eq!(
        app.delete("/api/v1/sessions", &phone.token).await.status(),
        204
    );
    assert_ends(&mut laptop_feed).await;
    assert_ends(&mut phone_feed).await;

    app.post_message(&bot, "the bot keeps going").await;
    assert!(next_event(&mut bot_feed)
        .await
        .data
        .contains("the bot keeps going"));
}

#[tokio::test]
async fn revoking_an_api_token_ends_its_feeds() {
    let app = spawn_app().await;
    let session = account_session(&app, true).await;
    let (id, bot) = app.create_api_token(&session, "bot").await;
    let mut bot_feed = app.open_feed("/api/v1/events", &bot, None).await;

    assert_eq!(
        app.delete(&format!("/api/v1/tokens/{id}"), &session.token)
            .await
            .status(),
        204
    );
    assert_ends(&mut bot_feed).await;
}
