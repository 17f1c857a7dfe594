//! A feed lasts as long as its session: when the session expires, the feed
//! ends, as it does when the session is signed out.

use std::time::Duration;

use crate::helpers::{assert_feed_ends, next_event, spawn_app_with};

#[tokio::test]
async fn a_feed_ends_when_its_session_expires() {
    let app = spawn_app_with(|config| config.session_ttl = Duration::from_secs(2)).await;
    let ana = app.join("ana").await;
    let bia = app.join("bia").await;
    let mut anas = app.open_feed("/api/v1/events", &ana, None).await;
    app.post_to("general", &bia, "before").await;
    next_event(&mut anas).await;

    assert_feed_ends(&mut anas).await;
    let expired = app.get("/api/v1/session", Some(&ana.token)).await;
    assert_eq!(
        expired.status(),
        401,
        "the session is over, not only the feed"
    );
}

#[tokio::test]
async fn a_token_feed_does_not_expire() {
    let app = spawn_app_with(|config| config.session_ttl = Duration::from_secs(1)).await;
    let ana = app.register("ana").await;
    let (_, bot) = app.create_api_token(&ana, "bot").await;
    let mut bots = app.open_feed("/api/v1/events", &bot, None).await;
    let mut anas = app.open_feed("/api/v1/events", &ana, None).await;
    assert_feed_ends(&mut anas).await;
    // After the session's feed ended, the token's still carries messages.
    let bia = app.join("bia").await;
    app.post_to("general", &bia, "still here").await;
    let event = next_event(&mut bots).await;
    assert!(event.data.contains("still here"), "{}", event.data);
}
