//! Editing and deleting messages; formatting.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{assert_error, next_data, spawn_app};

#[tokio::test]
async fn authors_edit_and_delete_their_own_messages_and_every_feed_hears_it() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let bob = app.join("bob").await;
    let mut bobs = app.open_feed("/api/v1/events", &bob, None).await;
    let posted = app.post_to("general", &ana, "helo").await;
    let id = posted["id"].as_i64().unwrap();
    next_data(&mut bobs).await;
    let path = format!("/api/v1/messages/{id}");

    let by_bob = app
        .send(
            Method::PATCH,
            &path,
            Some(&json!({ "body": "mine now" })),
            &bob,
        )
        .await;
    assert_error(by_bob, 403, "forbidden").await;
    let by_bob = app.send(Method::DELETE, &path, None, &bob).await;
    assert_error(by_bob, 403, "forbidden").await;
    let blank = app
        .send(Method::PATCH, &path, Some(&json!({ "body": "  " })), &ana)
        .await;
    assert_error(blank, 422, "invalid_input").await;

    let edited = app
        .send(
            Method::PATCH,
            &path,
            Some(&json!({ "body": "hello" })),
            &ana,
        )
        .await;
    assert_eq!(edited.status(), 200);
    let edited: Value = edited.json().await.unwrap();
    assert_eq!(
        (edited["id"].as_i64(), &edited["body"]),
        (Some(id), &json!("hello"))
    );
    assert!(edited["edited_at"].is_string());
    let (name, data) = next_data(&mut bobs).await;
    assert_eq!((name.as_str(), &data), ("message_updated", &edited));

    let deleted = app.send(Method::DELETE, &path, None, &ana).await;
    assert_eq!(deleted.status(), 204);
    let (name, data) = next_data(&mut bobs).await;
    assert_eq!(name, "message_deleted");
    assert_eq!(data, json!({ "channel": "general", "id": id }));

    let history: Value = app
        .get("/api/v1/channels/general/messages", Some(&bob.token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history[0]["deleted"], true);
    assert_eq!(history[0]["body"], "", "the text is gone");
    let again = app.send(Method::DELETE, &path, None, &ana).await;
    assert_error(again, 404, "not_found").await;
    let nothing = app
        .send(
            Method::PATCH,
            "/api/v1/messages/999999",
            Some(&json!({ "body": "x" })),
            &ana,
        )
        .await;
    assert_error(nothing, 404, "not_found").await;

    // A replay shows the deleted marker in place of the old text.
    let mut replay = app.open_feed("/api/v1/events", &bob, Some("0")).await;
    let (_, first) = next_data(&mut replay).await;
    assert_eq!(
        (first["id"].as_i64(), &first["deleted"], &first["body"]),
        (Some(id), &json!(true), &json!(""))
    );
}

#[tokio::test]
async fn formatting_is_rendered_safely_and_mentions_of_members_are_marked() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    app.join("bob").await;
    let body = "**hi** @bob and @nobody <script>alert(1)</script> [x](javascript:alert(1)) https://example.com";
    let message = app.post_to("general", &ana, body).await;
    assert_eq!(message["body"], body, "the source is kept for editing");
    assert_eq!(message["mentions"], json!(["bob"]));
    let html = message["html"].as_str().unwrap();
    assert!(html.contains("<strong>hi</strong>"), "{html}");
    assert!(
        html.contains(r#"<span class="mention">@bob</span>"#),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("href=\"javascript"), "{html}");
    assert!(
        html.contains(
            r#"<a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">"#
        ),
        "{html}"
    );
}
