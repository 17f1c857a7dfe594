//! A client's `x-request-id` ends up in papo's logs and in the answer:
//! only a short plain one is kept, anything else is replaced.

use reqwest::header::HeaderValue;

use crate::helpers::{captured_logs, spawn_app, TestApp};

/// The request id papo answered a `GET /healthz` carrying `given` with.
async fn answered_id(app: &TestApp, given: HeaderValue) -> String {
    let response = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", given)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.headers()["x-request-id"]
        .to_str()
        .expect("papo's own ids are plain text")
        .to_owned()
}

#[tokio::test]
async fn a_proxys_plain_request_id_is_kept() {
    let app = spawn_app().await;
    let id = "edge-7f3a.b_9";
    assert_eq!(answered_id(&app, HeaderValue::from_static(id)).await, id);
}

#[tokio::test]
async fn a_request_id_that_could_forge_or_flood_the_logs_is_replaced() {
    let app = spawn_app().await;
    let long = "a".repeat(300);
    let forged = "x user=admin status=200";
    let right_to_left = "id\u{202e}nimda";
    for given in [long.as_str(), forged, right_to_left] {
        let answered = answered_id(&app, HeaderValue::from_bytes(given.as_bytes()).unwrap()).await;
        assert_ne!(answered, given);
        assert!(
            (1..=64).contains(&answered.len()) && !answered.contains(' '),
            "{answered:?}"
        );
    }
    let logs = captured_logs();
    for given in [long.as_str(), forged] {
        assert!(!logs.contains(given), "{given:?} was logged");
    }
}

#[tokio::test]
async fn two_request_ids_are_replaced_by_one() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "first")
        .header("x-request-id", "second")
        .send()
        .await
        .unwrap();
    let answered: Vec<_> = response.headers().get_all("x-request-id").iter().collect();
    assert_eq!(answered.len(), 1);
    assert!(!["first", "second"].contains(&answered[0].to_str().unwrap()));
}
