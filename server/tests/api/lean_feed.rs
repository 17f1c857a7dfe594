//! Feeds on a connection of their own are served without hyper (see
//! `server::http::connection`); these tests speak raw HTTP/1.1 to check what a
//! client sees on that path, and that a feed on a reused connection still
//! goes through hyper.

use serde_json::json;

use crate::{
    helpers::{next_event_of_any_kind, spawn_app},
    raw_http::{feed_request, Connection},
};

#[tokio::test]
async fn a_feed_on_its_own_connection_is_live_and_ends_with_the_connection() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let mut feed = Connection::open(&app).await;
    feed.send(&feed_request("/api/v1/events", &ana)).await;
    feed.read_until("event: ready").await;

    let head = feed.head();
    assert!(head.starts_with("http/1.1 200 ok\r\n"), "{head}");
    assert!(head.contains("content-type: text/event-stream"), "{head}");
    assert!(head.contains("connection: close"), "{head}");
    assert!(head.contains("x-request-id: "), "{head}");
    assert!(!head.contains("transfer-encoding"), "{head}");

    app.post_to("general", &ana, "straight to the socket").await;
    feed.read_until("straight to the socket").await;
    assert!(feed.received.contains("event: message\n"));

    app.shut_down();
    feed.read_to_end().await;
    assert!(
        feed.received.ends_with("retry: 250\n\n"),
        "a feed ended by shutdown asks to reconnect soon: {}",
        feed.received
    );
}

#[tokio::test]
async fn a_channel_feed_resumes_from_last_event_id_on_its_own_connection() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let first = app.post_to("general", &ana, "first").await;
    app.post_to("general", &ana, "second").await;

    let mut feed = Connection::open(&app).await;
    let request = format!(
        "GET /api/v1/channels/general/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\
         Authorization: Bearer {}\r\nLast-Event-ID: {}\r\n\r\n",
        ana.token, first["id"]
    );
    feed.send(&request).await;
    feed.read_until("event: ready").await;
    assert!(feed.received.contains("second"), "{}", feed.received);
    assert!(!feed.received.contains("\"first\""), "{}", feed.received);
}

#[tokio::test]
async fn a_refused_feed_is_a_json_error_with_its_length() {
    let app = spawn_app().await;
    let mut feed = Connection::open(&app).await;
    feed.send("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await;
    feed.read_to_end().await;

    let head = feed.head();
    assert!(head.starts_with("http/1.1 401 unauthorized\r\n"), "{head}");
    assert!(head.contains("content-type: application/json"), "{head}");
    let (_, body) = feed.received.split_once("\r\n\r\n").unwrap();
    assert!(
        head.contains(&format!("content-length: {}\r\n", body.len())),
        "{head}"
    );
    let error: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
    assert_eq!(error["error"]["code"], "unauthorized", "{error}");
}

#[tokio::test]
async fn a_client_that_hangs_up_goes_offline() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let bob = app.join("bob").await;
    let mut anas = app.open_feed("/api/v1/events", &ana, None).await;

    let mut bobs = Connection::open(&app).await;
    bobs.send(&feed_request("/api/v1/events", &bob)).await;
    bobs.read_until("event: ready").await;
    wait_for(&mut anas, "member_online").await;

    drop(bobs);
    let offline = wait_for(&mut anas, "member_offline").await;
    assert_eq!(offline, json!({ "channel": "general", "user": "bob" }));
}

#[tokio::test]
async fn a_feed_after_another_request_on_the_same_connection_goes_through_hyper() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let mut connection = Connection::open(&app).await;
    connection
        .send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await;
    connection.read_until(r#"{"status":"ok"}"#).await;
    connection.received.clear();

    connection.send(&feed_request("/api/v1/events", &ana)).await;
    connection.read_until("event: ready").await;
    let head = connection.head();
    assert!(head.starts_with("http/1.1 200 ok\r\n"), "{head}");
    assert!(head.contains("transfer-encoding: chunked"), "{head}");
    assert!(!head.contains("connection: close"), "{head}");
}

/// The data of the next event called `name`, skipping others.
async fn wait_for(
    feed: &mut (impl futures::Stream<Item = eventsource_stream::Event> + Unpin),
    name: &str,
) -> serde_json::Value {
    loop {
        let event = next_event_of_any_kind(feed).await;
        if event.event == name {
            return serde_json::from_str(&event.data).unwrap();
        }
    }
}
