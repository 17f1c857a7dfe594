//! Unread counts, mentions and read positions; paging through history.

use std::collections::HashSet;

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{next_data, spawn_app, Guest, TestApp};

async fn general_of(app: &TestApp, guest: &Guest) -> Value {
    let channels: Value = app
        .get("/api/v1/channels", Some(&guest.token))
        .await
        .json()
        .await
        .unwrap();
    channels
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "general")
        .cloned()
        .unwrap()
}

#[tokio::test]
async fn unread_counts_and_mentions_clear_when_read_on_any_device() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let bob = app.join("bob").await;
    app.post_to("general", &ana, "one").await;
    let last = app.post_to("general", &ana, "@bob two").await;
    app.post_to("general", &bob, "my own").await;

    let general = general_of(&app, &bob).await;
    assert_eq!(
        (general["unread"].as_u64(), general["mentions"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(general["kind"], "public");

    let mut other_device = app.open_feed("/api/v1/events", &bob, None).await;
    let read = json!({ "last_read_id": last["id"] });
    let marked = app
        .send(
            Method::POST,
            "/api/v1/channels/general/read",
            Some(&read),
            &bob,
        )
        .await;
    assert_eq!(marked.status(), 204);
    let (name, data) = next_data(&mut other_device).await;
    assert_eq!(name, "read");
    assert_eq!(
        data,
        json!({ "channel": "general", "last_read_id": last["id"] })
    );

    let general = general_of(&app, &bob).await;
    assert_eq!(
        (general["unread"].as_u64(), general["mentions"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(general["last_read_id"], last["id"]);
    let anas = general_of(&app, &ana).await;
    assert_eq!(anas["unread"], 1, "ana's position is her own");
}

#[tokio::test]
async fn history_pages_return_every_message_exactly_once() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    for n in 0..120 {
        app.post_to("general", &ana, &format!("m{n}")).await;
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/channels/general/messages?limit=50".to_owned();
    loop {
        let page: Value = app.get(&path, Some(&ana.token)).await.json().await.unwrap();
        let page = page.as_array().unwrap();
        if page.is_empty() {
            break;
        }
        let ids: Vec<i64> = page.iter().map(|m| m["id"].as_i64().unwrap()).collect();
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "each page is oldest first"
        );
        path = format!(
            "/api/v1/channels/general/messages?limit=50&before={}",
            ids[0]
        );
        seen.splice(0..0, ids);
    }
    assert_eq!(seen.len(), 120);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 120);
    assert!(seen.windows(2).all(|w| w[0] < w[1]));
}
