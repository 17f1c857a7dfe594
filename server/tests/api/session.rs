use serde_json::{json, Value};

use crate::helpers::{assert_error, session_cookie, spawn_app};

#[tokio::test]
async fn joining_returns_the_user_a_token_and_a_session_cookie() {
    let app = spawn_app().await;
    let response = app
        .post_json("/api/v1/session", &json!({ "name": "ana" }), None)
        .await;
    assert_eq!(response.status(), 201);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("papo_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"], json!({ "name": "ana" }));
    let token = body["token"].as_str().unwrap();
    assert!(token.len() >= 43, "a 256-bit token");
    assert!(cookie.contains(token));
}

#[tokio::test]
async fn a_name_in_use_is_refused_whatever_its_case() {
    let app = spawn_app().await;
    app.join("ana").await;
    let response = app
        .post_json("/api/v1/session", &json!({ "name": "ANA" }), None)
        .await;
    let message = assert_error(response, 409, "name_taken").await;
    assert_eq!(message, "that nickname is already in use");
}

#[tokio::test]
async fn invalid_names_are_refused_with_the_reason() {
    let app = spawn_app().await;
    for (name, reason) in [
        ("", "nickname is empty"),
        (
            "ana maria",
            "nickname may only contain letters, digits, '_', '-' and '.'",
        ),
        (
            &"a".repeat(33),
            "nickname is too long (at most 32 characters)",
        ),
    ] {
        let response = app
            .post_json("/api/v1/session", &json!({ "name": name }), None)
            .await;
        assert_eq!(assert_error(response, 422, "invalid_input").await, reason);
    }
}

#[tokio::test]
async fn the_cookie_alone_is_a_session() {
    let app = spawn_app().await;
    let response = app
        .post_json("/api/v1/session", &json!({ "name": "bia" }), None)
        .await;
    let cookie = session_cookie(&response);
    let response = app
        .client
        .post(app.url("/api/v1/channels/general/messages"))
        .header("cookie", cookie)
        .json(&json!({ "body": "by cookie" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["author"], "bia");
}

#[tokio::test]
async fn a_made_up_token_is_no_session() {
    let app = spawn_app().await;
    let response = app
        .post_json(
            "/api/v1/channels/general/messages",
            &json!({ "body": "hi" }),
            Some("made-up"),
        )
        .await;
    assert_error(response, 401, "unauthorized").await;
}
