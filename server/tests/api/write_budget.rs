//! One budget of state changes per account covers everything besides
//! posting messages: edits, deletes, channels, joins and leaves, DMs,
//! tokens and signing out everywhere. A loop of them would otherwise fan
//! out to every reader.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{assert_error, next_event, spawn_app_with};

#[tokio::test]
async fn a_loop_of_edits_is_stopped_and_the_budget_is_shared_by_every_change() {
    let app = spawn_app_with(|config| config.write_rate = "3/1m".parse().unwrap()).await;
    let ana = app.register("ana").await;
    let bia = app.join("bia").await;
    let mut bias = app.open_feed("/api/v1/events", &bia, None).await;
    let posted = app.post_to("general", &ana, "first draft").await;
    next_event(&mut bias).await;
    let edit = format!("/api/v1/messages/{}", posted["id"]);

    for draft in ["second draft", "third draft"] {
        let body = json!({ "body": draft });
        let answer = app.send(Method::PATCH, &edit, Some(&body), &ana).await;
        assert_eq!(answer.status(), 200, "{draft}");
    }
    app.create_channel(&ana, "drafts", false).await;
    let refused = app
        .send(Method::PATCH, &edit, Some(&json!({ "body": "spam" })), &ana)
        .await;
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=20).contains(&wait), "Retry-After {wait}");
    assert_error(refused, 429, "rate_limited").await;

    // Every other kind of change waits too; nothing happened.
    let join = app.send(Method::POST, "/api/v1/channels/drafts/leave", None, &ana);
    assert_error(join.await, 429, "rate_limited").await;
    let dm = json!({ "members": ["bia"] });
    let dm = app.send(Method::POST, "/api/v1/dms", Some(&dm), &ana);
    assert_error(dm.await, 429, "rate_limited").await;
    let delete = app.send(Method::DELETE, &edit, None, &ana);
    assert_error(delete.await, 429, "rate_limited").await;

    // Messages have their own rate, and others their own budget.
    app.post_to("general", &ana, "still talking").await;
    let bias_edit = app.post_to("general", &bia, "bia's").await;
    let path = format!("/api/v1/messages/{}", bias_edit["id"]);
    let answer = app
        .send(
            Method::PATCH,
            &path,
            Some(&json!({ "body": "bia's, edited" })),
            &bia,
        )
        .await;
    assert_eq!(answer.status(), 200);

    // Bia saw the two edits, and no spam.
    let mut seen = Vec::new();
    while seen.last().map(String::as_str) != Some("bia's, edited") {
        let event = next_event(&mut bias).await;
        let data: serde_json::Value = serde_json::from_str(&event.data).unwrap();
        if let Some(body) = data["body"].as_str() {
            seen.push(body.to_owned());
        }
    }
    assert_eq!(
        seen,
        [
            "second draft",
            "third draft",
            "still talking",
            "bia's",
            "bia's, edited"
        ]
    );
}
