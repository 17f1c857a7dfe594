use leptos::server_fn::ServerFn;
use serde_json::{json, Value};

use app::server_fns::SendMessage;

use crate::{
    helpers::{assert_error, spawn_app, TestApp},
    raw_http::Connection,
};

#[tokio::test]
async fn pages_carry_a_content_security_policy_with_the_scripts_nonce() {
    let app = spawn_app().await;
    let response = app.get("/", None).await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    let policy = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("'wasm-unsafe-eval'"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");

    let html = response.text().await.unwrap();
    let nonce = html
        .split("nonce=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a script nonce");
    assert!(
        policy.contains(&format!("'nonce-{nonce}'")),
        "{policy} / {nonce}"
    );
}

#[tokio::test]
async fn api_responses_are_not_sniffed_either() {
    let app = spawn_app().await;
    let response = app.get("/healthz", None).await;
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
}

/// That #general, as `token` reads it, is empty: nothing forged was stored.
async fn assert_nothing_stored(app: &TestApp, token: &str) {
    let history: Vec<Value> = app
        .get("/api/v1/channels/general/messages", Some(token))
        .await
        .json()
        .await
        .unwrap();
    assert!(history.is_empty(), "nothing forged was stored: {history:?}");
}

/// A form on another site that posts to papo with the victim's cookie.
#[tokio::test]
async fn a_cross_site_form_post_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let (guest, cookie) = app.join_with_cookie("victim").await;
    let token = guest.token;

    let forged = app
        .client
        .post(app.url(SendMessage::PATH))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .header("accept", "text/html")
        .form(&[("body", "forged")])
        .send()
        .await
        .unwrap();
    assert_error(forged, 403, "cross_site").await;

    let forged_api = app
        .client
        .post(app.url("/api/v1/channels/general/messages"))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .json(&json!({ "body": "forged" }))
        .send()
        .await
        .unwrap();
    assert_error(forged_api, 403, "cross_site").await;

    assert_nothing_stored(&app, &token).await;
}

#[tokio::test]
async fn same_origin_posts_and_bearer_tokens_pass() {
    let app = spawn_app().await;
    let (guest, cookie) = app.join_with_cookie("ana").await;
    let token = guest.token;

    let ours = app
        .client
        .post(app.url("/api/v1/channels/general/messages"))
        .header("cookie", &cookie)
        .header("origin", &app.address)
        .header("sec-fetch-site", "same-origin")
        .json(&json!({ "body": "from our page" }))
        .send()
        .await
        .unwrap();
    assert_eq!(ours.status(), 201);

    let bot = app
        .client
        .post(app.url("/api/v1/channels/general/messages"))
        .bearer_auth(&token)
        .header("origin", "https://elsewhere.example")
        .json(&json!({ "body": "from a bot" }))
        .send()
        .await
        .unwrap();
    assert_eq!(bot.status(), 201);
}

/// A forged request that adds an `Authorization` header which signs
/// nobody in, hoping it skips the cross-site check while the cookie acts.
#[tokio::test]
async fn a_bearer_header_that_signs_nobody_in_does_not_skip_the_cross_site_check() {
    let app = spawn_app().await;
    let (guest, cookie) = app.join_with_cookie("victim").await;
    let host = app.address.trim_start_matches("http://");

    for authorization in ["Bearer ", "Bearer garbage", "Bearer \t"] {
        let mut connection = Connection::open(&app).await;
        let body = r#"{"body":"forged"}"#;
        connection
            .send(&format!(
                "POST /api/v1/channels/general/messages HTTP/1.1\r\nhost: {host}\r\n\
                 origin: https://evil.example\r\ncookie: {cookie}\r\n\
                 authorization: {authorization}\r\ncontent-type: application/json\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            ))
            .await;
        connection.read_until("\r\n\r\n").await;
        assert!(
            connection.received.starts_with("HTTP/1.1 403"),
            "{authorization:?}: {}",
            connection.received
        );
    }

    assert_nothing_stored(&app, &guest.token).await;
}

#[tokio::test]
async fn with_an_authorization_header_the_cookie_is_not_read() {
    let app = spawn_app().await;
    let (_, cookie) = app.join_with_cookie("ana").await;
    for authorization in ["Basic YW5hOnB3", "Bearer not-a-token", "bearer x"] {
        let response = app
            .client
            .get(app.url("/api/v1/session"))
            .header("cookie", &cookie)
            .header("authorization", authorization)
            .send()
            .await
            .unwrap();
        assert_error(response, 401, "unauthorized").await;
    }
}
