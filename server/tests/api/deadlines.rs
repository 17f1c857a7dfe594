//! No client can hold papo's connections by going quiet: a request head
//! must arrive whole within its deadline, an idle keep-alive connection is
//! closed, and a client that stops reading its feed is dropped.

use std::time::Duration;

use eventsource_stream::{Event, Eventsource};
use futures::{Stream, StreamExt};
use reqwest::StatusCode;
use serde_json::Value;

use crate::{
    helpers::{next_event_of_any_kind, spawn_app_with, Guest, TestApp},
    raw_http::{feed_request, Connection},
};

/// A server with deadlines of one second.
async fn strict_app() -> TestApp {
    spawn_app_with(|config| {
        config.deadlines.header = Duration::from_secs(1);
        config.deadlines.write = Duration::from_secs(1);
    })
    .await
}

#[tokio::test]
async fn a_connection_that_sends_one_byte_is_closed() {
    let app = strict_app().await;
    let mut quiet = Connection::open(&app).await;
    quiet.send("G").await;
    quiet.read_to_end().await;
    assert_eq!(quiet.received, "", "nothing is answered to half a request");
}

#[tokio::test]
async fn a_head_that_never_ends_is_closed_on_every_path() {
    let app = strict_app().await;
    for partial in [
        // What would be a feed...
        "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        // ...and anything else, which hyper answers.
        "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: app",
    ] {
        let mut slow = Connection::open(&app).await;
        slow.send(partial).await;
        slow.read_to_end().await;
        assert!(
            !slow.received.contains("200"),
            "{partial:?}: {}",
            slow.received
        );
    }
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_its_answer() {
    let app = strict_app().await;
    let mut idle = Connection::open(&app).await;
    idle.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await;
    idle.read_until(r#"{"status":"ok"}"#).await;
    idle.read_to_end().await;
    assert!(idle.head().starts_with("http/1.1 200 ok"));
}

#[tokio::test]
async fn quiet_connections_do_not_keep_others_out() {
    let app = strict_app().await;
    let mut quiet = Vec::new();
    for _ in 0..200 {
        let mut connection = Connection::open(&app).await;
        connection.send("GET /api").await;
        quiet.push(connection);
    }
    let answer = app.get("/healthz", None).await;
    assert_eq!(answer.status(), StatusCode::OK);
    for mut connection in quiet {
        connection.read_to_end().await;
    }
}

/// Enough long messages in #general that replaying them cannot fit in the
/// socket buffers between papo and a client that does not read.
async fn long_history(app: &TestApp, author: &Guest) {
    let long = "a long line of text ".repeat(200);
    for _ in 0..200 {
        app.post_to("general", author, &long).await;
    }
}

/// Opens a feed of `guest` that replays everything and never reads it,
/// with `padding` bytes of extra header (a long head goes to hyper).
async fn stalled_feed(app: &TestApp, guest: &Guest, padding: usize) -> Connection {
    let mut stalled = Connection::open_small(app).await;
    let request = feed_request("/api/v1/events?after=0", guest).replacen(
        "\r\n\r\n",
        &format!("\r\nX-Padding: {}\r\n\r\n", "p".repeat(padding)),
        1,
    );
    stalled.send(&request).await;
    stalled
}

/// The admin's stream of server stats: one sample a second. On a client
/// of its own: the test client's requests time out after 10 s.
async fn server_stats(app: &TestApp, admin: &Guest) -> impl Stream<Item = Event> + Unpin {
    let answer = reqwest::Client::new()
        .get(app.url("/api/v1/admin/stats"))
        .bearer_auth(&admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    Box::pin(answer.bytes_stream().eventsource().map(|e| e.unwrap()))
}

/// Waits (for at most 20 samples) until the server has `count` feeds open.
async fn open_feeds_reach(stats: &mut (impl Stream<Item = Event> + Unpin), count: u64) {
    for _ in 0..20 {
        let sample = next_event_of_any_kind(stats).await;
        let sample: Value = serde_json::from_str(&sample.data).unwrap();
        if sample["connections"] == count {
            return;
        }
    }
    panic!("the server did not get to {count} open feeds in 20 s");
}

#[tokio::test]
async fn a_feed_whose_client_stops_reading_is_dropped() {
    let app = strict_app().await;
    let admin = app.register("admin").await;
    let mut stats = server_stats(&app, &admin).await;
    let ana = app.join("ana").await;
    long_history(&app, &ana).await;
    // Served without hyper, and (with a head too long for that) by hyper.
    for padding in [0, 9 * 1024] {
        let stalled = stalled_feed(&app, &ana, padding).await;
        open_feeds_reach(&mut stats, 1).await;
        open_feeds_reach(&mut stats, 0).await;
        drop(stalled);
    }
}
