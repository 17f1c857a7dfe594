//! Gapless delivery: every event once, in order, across reconnects at any
//! moment, slow readers and server restarts; `resync` when a client asks
//! for more than the server replays.

use std::time::Duration;

use eventsource_stream::Eventsource;
use futures::StreamExt;
use serde_json::Value;

use crate::helpers::{
    next_data, next_event, spawn_app, spawn_app_on, spawn_app_with, Guest, TestApp, TestDatabase,
};

/// The ids of the next `count` messages on a feed, skipping other events.
async fn message_ids(
    feed: &mut (impl futures::Stream<Item = eventsource_stream::Event> + Unpin),
    count: usize,
) -> Vec<i64> {
    let mut ids = Vec::with_capacity(count);
    while ids.len() < count {
        let (name, data) = next_data(feed).await;
        if name == "message" {
            ids.push(data["id"].as_i64().unwrap());
        }
    }
    ids
}

async fn post_many(app: &TestApp, author: &Guest, count: usize) -> Vec<i64> {
    let mut ids = Vec::with_capacity(count);
    for n in 0..count {
        let message = app.post_to("general", author, &format!("m{n}")).await;
        ids.push(message["id"].as_i64().unwrap());
    }
    ids
}

#[tokio::test]
async fn resuming_from_any_id_replays_exactly_what_came_after_in_order() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let bob = app.join("bob").await;
    // Event ids of each message, from a feed that saw them all.
    let mut all = app.open_feed("/api/v1/events", &bob, Some("0")).await;
    let posted = post_many(&app, &ana, 12).await;
    let mut event_ids = Vec::new();
    while event_ids.len() < posted.len() {
        let event = next_event(&mut all).await;
        if event.event == "message" {
            event_ids.push(event.id);
        }
    }
    for (n, event_id) in event_ids.iter().enumerate() {
        let mut feed = app.open_feed("/api/v1/events", &bob, Some(event_id)).await;
        app.post_to("general", &ana, "marker").await;
        let rest = message_ids(&mut feed, posted.len() - n).await;
        let mut expected = posted[n + 1..].to_vec();
        expected.push(*rest.last().unwrap());
        assert_eq!(rest, expected, "resuming after message #{n}");
    }
}

#[tokio::test]
async fn readers_reconnecting_at_random_moments_while_messages_pour_in_miss_nothing() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    const TOTAL: usize = 150;
    let mut readers = Vec::new();
    for n in 0..4 {
        readers.push(app.join(&format!("r{n}")).await);
    }

    let writer = async { post_many(&app, &ana, TOTAL).await };
    let read_all = |reader: &Guest| {
        let app = &app;
        let token = reader.token.clone();
        async move {
            let reader = Guest { token };
            let mut seen: Vec<i64> = Vec::new();
            let mut last_event = "0".to_owned();
            while seen.len() < TOTAL {
                let mut feed = app
                    .open_feed("/api/v1/events", &reader, Some(&last_event))
                    .await;
                // Read a few events, then drop the connection mid-stream.
                let take = rand::random_range(1..25);
                for _ in 0..take {
                    if seen.len() == TOTAL {
                        break;
                    }
                    let event = next_event(&mut feed).await;
                    if event.event != "message" {
                        continue;
                    }
                    let data: Value = serde_json::from_str(&event.data).unwrap();
                    seen.push(data["id"].as_i64().unwrap());
                    last_event = event.id;
                }
            }
            seen
        }
    };
    let (posted, seen) = tokio::join!(
        writer,
        futures::future::join_all(readers.iter().map(read_all))
    );
    for (n, ids) in seen.iter().enumerate() {
        assert_eq!(ids, &posted, "reader {n} saw every message once, in order");
    }
}

#[tokio::test]
async fn a_client_too_far_behind_is_told_to_resync_and_goes_on_live() {
    let app = spawn_app_with(|config| config.replay_limit = 5).await;
    let ana = app.join("ana").await;
    post_many(&app, &ana, 10).await;

    let mut feed = app.open_feed("/api/v1/events", &ana, Some("1")).await;
    let (name, data) = next_data(&mut feed).await;
    assert_eq!(name, "resync");
    let latest = data["latest"].as_i64().unwrap();
    assert!(latest >= 10);
    let live = app.post_to("general", &ana, "after the resync").await;
    assert_eq!(
        message_ids(&mut feed, 1).await,
        [live["id"].as_i64().unwrap()]
    );

    // Within the limit, a plain replay.
    let mut near = app
        .open_feed("/api/v1/events", &ana, Some(&(latest - 3).to_string()))
        .await;
    let (name, _) = next_data(&mut near).await;
    assert_eq!(name, "message");
}

#[tokio::test]
async fn the_feed_tells_browsers_when_to_reconnect() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let response = app.get("/api/v1/events", Some(&ana.token)).await;
    let mut events = Box::pin(response.bytes_stream().eventsource());
    let ready = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let event = events.next().await.unwrap().unwrap();
            if event.event == "ready" {
                return event;
            }
        }
    })
    .await
    .unwrap();
    assert_eq!(ready.retry, Some(Duration::from_secs(2)));
}

#[tokio::test]
async fn a_reader_that_stops_reading_does_not_hold_up_the_others_and_catches_up() {
    let app = spawn_app_with(|config| config.hub_capacity = 4).await;
    let ana = app.join("ana").await;
    let bob = app.join("bob").await;
    let cy = app.join("cy").await;
    let mut stalled = app.open_feed("/api/v1/events", &bob, None).await;
    let mut active = app.open_feed("/api/v1/events", &cy, None).await;
    let mut posted = Vec::new();
    for n in 0..40 {
        let message = app.post_to("general", &ana, &format!("m{n}")).await;
        let id = message["id"].as_i64().unwrap();
        posted.push(id);
        assert_eq!(
            message_ids(&mut active, 1).await,
            [id],
            "the active reader keeps up"
        );
    }
    assert_eq!(
        message_ids(&mut stalled, 40).await,
        posted,
        "the stalled one catches up"
    );
}

#[tokio::test]
async fn nothing_is_lost_when_the_server_restarts_between_two_connections() {
    let database = TestDatabase::new().await;
    let first = spawn_app_on(database.shared(), |_| {}).await;
    let ana = first.join("ana").await;
    let mut feed = first.open_feed("/api/v1/events", &ana, None).await;
    first.post_to("general", &ana, "before").await;
    let seen = loop {
        let event = next_event(&mut feed).await;
        if event.event == "message" {
            break event;
        }
    };
    first
        .post_to("general", &ana, "missed while restarting")
        .await;
    first.shut_down();
    drop(feed);

    let second = spawn_app_on(database.shared(), |_| {}).await;
    let again = second
        .post_json("/api/v1/session", &serde_json::json!({"name": "bob"}), None)
        .await;
    assert_eq!(again.status(), 201);
    let mut resumed = second
        .open_feed("/api/v1/events", &ana, Some(&seen.id))
        .await;
    second.post_to("general", &ana, "after").await;
    let mut bodies = Vec::new();
    while bodies.len() < 2 {
        let (name, data) = next_data(&mut resumed).await;
        if name == "message" {
            bodies.push(data["body"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(bodies, ["missed while restarting", "after"]);
}
