//! papo accepts exactly what its OpenAPI document says it accepts: each
//! body here is checked against the request schema of its operation, and
//! papo must take it if the document calls it valid and refuse it (422
//! `invalid_input`) if not. These are the edges where they differed.

use reqwest::Method;
use serde_json::{json, Value};

use crate::{
    contract,
    helpers::{spawn_app, Guest, TestApp},
};

/// Sends `body` and asserts papo answers as the document says it would.
async fn as_documented(app: &TestApp, who: &Guest, method: Method, path: &str, body: Value) {
    let valid = contract::accepts_body(&method, path, &body);
    let response = app.send(method.clone(), path, Some(&body), who).await;
    let status = response.status().as_u16();
    let answer = response.text().await.unwrap_or_default();
    let what = format!("{method} {path} with {body}: {status} {answer}");
    if valid {
        assert!(status < 300, "valid by the document, refused: {what}");
    } else {
        assert_eq!(status, 422, "invalid by the document: {what}");
        assert!(answer.contains("invalid_input"), "{what}");
    }
}

#[tokio::test]
async fn read_markers_are_whole_numbers_from_zero() {
    let app = spawn_app().await;
    let ana = app.register("ana").await;
    let read = "/api/v1/channels/general/read";
    for (body, valid) in [
        (json!({ "last_read_id": -1 }), false),
        (json!({ "last_read_id": 0 }), true),
        // JSON Schema counts 2.0 as an integer, and so does papo.
        (json!({ "last_read_id": 2.0 }), true),
        (json!({ "last_read_id": 2.5 }), false),
    ] {
        assert_eq!(
            contract::accepts_body(&Method::POST, read, &body),
            valid,
            "{body}"
        );
        as_documented(&app, &ana, Method::POST, read, body).await;
    }
}

#[tokio::test]
async fn a_page_before_a_negative_id_is_refused() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let path = "/api/v1/channels/general/messages?before=-1";
    let response = app.send(Method::GET, path, None, &ana).await;
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn lengths_count_what_is_sent_and_control_characters_are_refused() {
    let app = spawn_app().await;
    let ana = app.register("ana").await;
    let long_body = format!("{}\n", "x".repeat(4_000));
    let cases = [
        // What the fuzzer found the document calling valid.
        ("/api/v1/channels/general/messages", json!({ "body": "" })),
        (
            "/api/v1/channels",
            json!({ "name": "c", "topic": "a\u{1}b" }),
        ),
        (
            "/api/v1/users",
            json!({ "name": "cy", "password": "too short" }),
        ),
        ("/api/v1/tokens", json!({ "label": "\u{3}" })),
        // Trimmed, but counted as sent.
        (
            "/api/v1/channels/general/messages",
            json!({ "body": long_body }),
        ),
        (
            "/api/v1/channels/general/messages",
            json!({ "body": "a\u{0}b" }),
        ),
        (
            "/api/v1/channels/general/messages",
            json!({ "body": " \n " }),
        ),
        (
            "/api/v1/channels/general/messages",
            json!({ "body": " fine " }),
        ),
        ("/api/v1/tokens", json!({ "label": "\tci" })),
        ("/api/v1/tokens", json!({ "label": " ci " })),
        (
            "/api/v1/channels",
            json!({ "name": "a", "topic": "what it is for\n" }),
        ),
        ("/api/v1/channels", json!({ "name": "b", "topic": "  " })),
        ("/api/v1/channels", json!({ "name": "dm-1" })),
        (
            "/api/v1/session",
            json!({ "name": format!(" {}", "a".repeat(32)) }),
        ),
        ("/api/v1/session", json!({ "name": " bob " })),
    ];
    for (path, body) in cases {
        as_documented(&app, &ana, Method::POST, path, body).await;
    }
}
