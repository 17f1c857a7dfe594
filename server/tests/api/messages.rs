use serde_json::{json, Value};

use crate::helpers::{assert_error, next_event, spawn_app};

#[tokio::test]
async fn a_posted_message_is_stored_and_returned() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let response = app.post_message(&ana, "  olá, pessoal!  ").await;
    assert_eq!(response.status(), 201);
    let message: Value = response.json().await.unwrap();
    assert!(message["id"].as_i64().unwrap() > 0);
    assert_eq!(message["channel"], "general");
    assert_eq!(message["author"], "ana");
    assert_eq!(message["body"], "olá, pessoal!");
    let created_at = message["created_at"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(created_at).is_ok(),
        "{created_at}"
    );

    let history: Vec<Value> = app
        .get("/api/v1/channels/general/messages", Some(&ana.token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history, vec![message]);
}

#[tokio::test]
async fn the_author_comes_from_the_session_not_the_body() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    app.join("bia").await;
    let response = app
        .post_json(
            "/api/v1/channels/general/messages",
            &json!({ "body": "who am I?", "author": "bia" }),
            Some(&ana.token),
        )
        .await;
    assert_eq!(response.status(), 201);
    let message: Value = response.json().await.unwrap();
    assert_eq!(message["author"], "ana");
}

#[tokio::test]
async fn posting_without_a_session_is_401() {
    let app = spawn_app().await;
    let response = app
        .post_json(
            "/api/v1/channels/general/messages",
            &json!({ "body": "hi" }),
            None,
        )
        .await;
    let message = assert_error(response, 401, "unauthorized").await;
    assert_eq!(message, "you are not signed in");
}

#[tokio::test]
async fn reading_history_without_a_session_is_401() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/channels/general/messages", None).await;
    assert_error(response, 401, "unauthorized").await;
}

#[tokio::test]
async fn history_pages_backwards_by_id_oldest_first() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let mut ids = Vec::new();
    for n in 1..=5 {
        let message: Value = app
            .post_message(&ana, &format!("m{n}"))
            .await
            .json()
            .await
            .unwrap();
        ids.push(message["id"].as_i64().unwrap());
    }
    let page = |query: String| {
        let (app, token) = (&app, &ana.token);
        async move {
            app.get(
                &format!("/api/v1/channels/general/messages{query}"),
                Some(token),
            )
            .await
            .json::<Vec<Value>>()
            .await
            .unwrap()
        }
    };
    let bodies = |page: Vec<Value>| {
        page.iter()
            .map(|m| m["body"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };

    assert_eq!(bodies(page("?limit=2".into()).await), ["m4", "m5"]);
    assert_eq!(
        bodies(page(format!("?before={}&limit=2", ids[3])).await),
        ["m2", "m3"]
    );
    assert_eq!(
        bodies(page(format!("?before={}&limit=2", ids[1])).await),
        ["m1"]
    );
    assert!(page(format!("?before={}", ids[0])).await.is_empty());
}

#[tokio::test]
async fn history_limit_is_between_1_and_200() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    for bad in ["0", "201"] {
        let path = format!("/api/v1/channels/general/messages?limit={bad}");
        let response = app.get(&path, Some(&ana.token)).await;
        let message = assert_error(response, 422, "invalid_input").await;
        assert_eq!(message, "limit must be between 1 and 200");
    }
    let response = app
        .get(
            "/api/v1/channels/general/messages?limit=lots",
            Some(&ana.token),
        )
        .await;
    assert_error(response, 400, "invalid_query").await;
}

#[tokio::test]
async fn an_unknown_channel_is_404() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    for channel in ["nowhere", "Not-A-Name"] {
        let response = app
            .post_json(
                &format!("/api/v1/channels/{channel}/messages"),
                &json!({ "body": "hi" }),
                Some(&ana.token),
            )
            .await;
        assert_error(response, 404, "not_found").await;
    }
}

#[tokio::test]
async fn empty_and_whitespace_only_bodies_are_refused() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    for body in ["", "   \n\t "] {
        let message = assert_error(app.post_message(&ana, body).await, 422, "invalid_input").await;
        assert_eq!(message, "message is empty");
    }
}

#[tokio::test]
async fn bodies_over_4000_characters_are_refused_with_the_limit() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    assert_eq!(
        app.post_message(&ana, &"é".repeat(4000)).await.status(),
        201
    );
    let message = assert_error(
        app.post_message(&ana, &"é".repeat(4001)).await,
        422,
        "invalid_input",
    )
    .await;
    assert_eq!(message, "message is too long (at most 4000 characters)");
}

#[tokio::test]
async fn request_bodies_over_64_kib_are_413() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let response = app.post_message(&ana, &"x".repeat(70 * 1024)).await;
    let message = assert_error(response, 413, "payload_too_large").await;
    assert!(message.contains("64 KiB"), "{message}");
}

#[tokio::test]
async fn malformed_json_is_400_with_the_parsers_reason() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let response = app
        .client
        .post(app.url("/api/v1/channels/general/messages"))
        .bearer_auth(&ana.token)
        .header("content-type", "application/json")
        .body("{\"body\": ")
        .send()
        .await
        .unwrap();
    let message = assert_error(response, 400, "invalid_json").await;
    assert!(message.contains("EOF while parsing"), "{message}");
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_422() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let response = app
        .post_json(
            "/api/v1/channels/general/messages",
            &json!({ "text": "hi" }),
            Some(&ana.token),
        )
        .await;
    let message = assert_error(response, 422, "invalid_input").await;
    assert!(message.contains("missing field `body`"), "{message}");
}

#[tokio::test]
async fn markup_is_stored_as_text() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let script = "<script>alert('x')</script>";
    let message: Value = app.post_message(&ana, script).await.json().await.unwrap();
    assert_eq!(message["body"], script);
}

#[tokio::test]
async fn concurrent_posts_are_all_stored_acknowledged_and_delivered_in_id_order() {
    let app = spawn_app().await;
    let reader = app.join("reader").await;
    let mut live = app.open_feed("/api/v1/events", &reader, None).await;
    let mut writers = Vec::new();
    for n in 0..8 {
        writers.push(app.join(&format!("writer{n}")).await);
    }
    // Eight people, each posting 25 messages one after another: the
    // group commit sees many posts at once, in batches of any size.
    let acknowledged: Vec<Vec<Value>> =
        futures::future::join_all(writers.iter().enumerate().map(|(w, writer)| {
            let app = &app;
            async move {
                let mut mine = Vec::new();
                for n in 0..25 {
                    let response = app.post_message(writer, &format!("w{w} m{n}")).await;
                    assert_eq!(response.status(), 201);
                    mine.push(response.json::<Value>().await.unwrap());
                }
                mine
            }
        }))
        .await;
    for mine in &acknowledged {
        let ids: Vec<i64> = mine.iter().map(|m| m["id"].as_i64().unwrap()).collect();
        assert!(
            ids.windows(2).all(|pair| pair[0] < pair[1]),
            "one person's messages keep the order they were posted in: {ids:?}"
        );
    }
    let mut expected: Vec<Value> = acknowledged.into_iter().flatten().collect();
    expected.sort_by_key(|m| m["id"].as_i64().unwrap());

    let mut on_the_live_feed = Vec::new();
    while on_the_live_feed.len() < expected.len() {
        on_the_live_feed.extend(message_in(next_event(&mut live).await));
    }
    assert_eq!(
        on_the_live_feed, expected,
        "every acknowledged message, once each, in id order"
    );
    // Replayed from the database: every acknowledged message was stored.
    let mut replayed = app.open_feed("/api/v1/events", &reader, Some("0")).await;
    let mut from_the_database = Vec::new();
    while from_the_database.len() < expected.len() {
        from_the_database.extend(message_in(next_event(&mut replayed).await));
    }
    assert_eq!(from_the_database, expected);
}

/// The message an event carries, if it is a new message (people joining
/// pass by on the same feed).
fn message_in(event: eventsource_stream::Event) -> Option<Value> {
    (event.event == "message").then(|| {
        let data: Value = serde_json::from_str(&event.data).unwrap();
        assert_eq!(event.id, data["id"].to_string());
        data
    })
}
