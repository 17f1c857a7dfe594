//! What a personal API token may not do: create, list or revoke other
//! tokens, or sign out everywhere. A token that leaked could otherwise
//! mint its successors before it is revoked, or sign its owner out.

use app::server_fns::{CreateToken, RevokeToken, SignOutEverywhere};
use leptos::server_fn::ServerFn;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{assert_error, spawn_app, Guest, TestApp};

/// A registered account's session and one of its tokens (id and secret).
async fn account_with_token(app: &TestApp) -> (Guest, i64, Guest) {
    let session = app.register("ana").await;
    let (id, token) = app.create_api_token(&session, "bot").await;
    (session, id, token)
}

#[tokio::test]
async fn a_token_cannot_create_list_or_revoke_other_tokens() {
    let app = spawn_app().await;
    let (session, _, token) = account_with_token(&app).await;
    let (other_id, other) = app.create_api_token(&session, "another bot").await;

    let minted = app
        .post_json(
            "/api/v1/tokens",
            &json!({ "label": "its successor" }),
            Some(&token.token),
        )
        .await;
    assert_error(minted, 403, "session_required").await;
    assert_error(
        app.get("/api/v1/tokens", Some(&token.token)).await,
        403,
        "session_required",
    )
    .await;
    let revoke_other = format!("/api/v1/tokens/{other_id}");
    assert_error(
        app.delete(&revoke_other, &token.token).await,
        403,
        "session_required",
    )
    .await;

    let listed: Vec<serde_json::Value> = app
        .get("/api/v1/tokens", Some(&session.token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed.len(),
        2,
        "nothing was created or revoked: {listed:?}"
    );
    assert_eq!(app.post_message(&other, "still here").await.status(), 201);
}

#[tokio::test]
async fn a_token_cannot_sign_its_owner_out_everywhere() {
    let app = spawn_app().await;
    let (session, _, token) = account_with_token(&app).await;
    assert_error(
        app.delete("/api/v1/sessions", &token.token).await,
        403,
        "session_required",
    )
    .await;
    assert_eq!(
        app.post_message(&session, "still signed in").await.status(),
        201
    );
}

#[tokio::test]
async fn a_token_may_revoke_itself() {
    let app = spawn_app().await;
    let (_, id, token) = account_with_token(&app).await;
    let own = format!("/api/v1/tokens/{id}");
    assert_eq!(app.delete(&own, &token.token).await.status(), 204);
    assert_error(
        app.send(Method::GET, "/api/v1/session", None, &token).await,
        401,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn server_functions_ask_for_a_session_too() {
    let app = spawn_app().await;
    let (_, _, token) = account_with_token(&app).await;
    for (path, arguments) in [
        (CreateToken::PATH, json!({ "label": "its successor" })),
        (RevokeToken::PATH, json!({ "id": 1 })),
        (SignOutEverywhere::PATH, json!({})),
    ] {
        let response = app
            .client
            .post(app.url(path))
            .header("accept", "application/json")
            .bearer_auth(&token.token)
            .json(&arguments)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{path}");
        let text = response.text().await.unwrap();
        assert!(text.contains("SessionRequired"), "{path}: {text}");
    }
}
