use serde_json::Value;

use crate::helpers::{assert_error, assert_feed_ends, next_event, spawn_app, spawn_app_with};

#[tokio::test]
async fn a_posted_message_arrives_on_the_feed_with_its_id_and_name() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let bia = app.join("bia").await;
    let mut feed = app.open_feed("/api/v1/events", &bia, None).await;

    let posted: Value = app
        .post_message(&ana, "oi, bia")
        .await
        .json()
        .await
        .unwrap();
    let event = next_event(&mut feed).await;
    assert_eq!(event.event, "message");
    assert_eq!(event.id, posted["id"].to_string());
    let data: Value = serde_json::from_str(&event.data).unwrap();
    assert_eq!(data, posted);
}

#[tokio::test]
async fn the_channel_feed_carries_the_channels_messages_in_order() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let mut feed = app
        .open_feed("/api/v1/channels/general/events", &ana, None)
        .await;
    for n in 0..20 {
        assert_eq!(app.post_message(&ana, &format!("m{n}")).await.status(), 201);
    }
    let mut last_id = 0;
    for n in 0..20 {
        let event = next_event(&mut feed).await;
        let data: Value = serde_json::from_str(&event.data).unwrap();
        assert_eq!(data["body"], format!("m{n}"));
        let id: i64 = event.id.parse().unwrap();
        assert!(id > last_id, "ids strictly increase");
        last_id = id;
    }
}

#[tokio::test]
async fn a_reconnecting_client_gets_what_it_missed_then_live_without_duplicates() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let first: Value = app.post_message(&ana, "seen").await.json().await.unwrap();
    app.post_message(&ana, "missed 1").await;
    app.post_message(&ana, "missed 2").await;

    let last_seen = first["id"].to_string();
    let mut feed = app
        .open_feed("/api/v1/events", &ana, Some(&last_seen))
        .await;
    app.post_message(&ana, "live").await;

    let bodies: Vec<String> = {
        let mut bodies = Vec::new();
        for _ in 0..3 {
            let event = next_event(&mut feed).await;
            let data: Value = serde_json::from_str(&event.data).unwrap();
            bodies.push(data["body"].as_str().unwrap().to_owned());
        }
        bodies
    };
    assert_eq!(bodies, ["missed 1", "missed 2", "live"]);
}

#[tokio::test]
async fn after_in_the_query_resumes_like_last_event_id() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let first: Value = app.post_message(&ana, "one").await.json().await.unwrap();
    app.post_message(&ana, "two").await;
    let mut feed = app
        .open_feed(&format!("/api/v1/events?after={}", first["id"]), &ana, None)
        .await;
    let event = next_event(&mut feed).await;
    let data: Value = serde_json::from_str(&event.data).unwrap();
    assert_eq!(data["body"], "two");
}

// The tabs of a browser share one cookie: a page of Ana's that reconnects
// after Bea signed in in another tab names Ana, and must not get Bea's
// events.
#[tokio::test]
async fn a_feed_that_names_someone_other_than_the_caller_is_refused() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let bea = app.join("bea").await;
    for path in [
        "/api/v1/events?as=ana",
        "/api/v1/channels/general/events?as=ana&after=0",
    ] {
        assert_error(app.get(path, Some(&bea.token)).await, 401, "unauthorized").await;
    }
    let mut feed = app.open_feed("/api/v1/events?as=Bea", &bea, None).await;
    app.post_message(&ana, "for everyone in general").await;
    let event = next_event(&mut feed).await;
    let data: Value = serde_json::from_str(&event.data).unwrap();
    assert_eq!(data["body"], "for everyone in general");
}

#[tokio::test]
async fn feeds_need_a_session() {
    let app = spawn_app().await;
    for path in ["/api/v1/events", "/api/v1/channels/general/events"] {
        let response = app.get(path, None).await;
        assert_error(response, 401, "unauthorized").await;
    }
}

#[tokio::test]
async fn the_feed_of_an_unknown_channel_is_404() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let response = app
        .get("/api/v1/channels/nowhere/events", Some(&ana.token))
        .await;
    assert_error(response, 404, "not_found").await;
}

#[tokio::test]
async fn open_feeds_end_when_the_server_shuts_down() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let mut feed = app.open_feed("/api/v1/events", &ana, None).await;
    app.shut_down();
    assert_feed_ends(&mut feed).await;
}

#[tokio::test]
async fn an_idle_feed_gets_heartbeat_comments() {
    let app =
        spawn_app_with(|config| config.heartbeat = std::time::Duration::from_millis(200)).await;
    let ana = app.join("ana").await;
    let mut response = app.get("/api/v1/events", Some(&ana.token)).await;
    let mut seen = String::new();
    while !seen.contains(": heartbeat\n") {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(10), response.chunk())
            .await
            .expect("a heartbeat within 10 s")
            .unwrap()
            .expect("the feed stays open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(seen.contains("event: ready"), "{seen}");
}
