//! The server functions the UI calls, over real HTTP as the browser does.

use leptos::server_fn::ServerFn;
use serde_json::Value;

use app::server_fns::{JoinAsGuest, SendMessage};

use crate::helpers::{session_cookie, spawn_app, TestApp};

/// Calls a server function as the hydrated page does (its arguments as a
/// JSON object, accepting JSON), with the session cookie if there is one.
async fn call(
    app: &TestApp,
    path: &str,
    arguments: &[(&str, &str)],
    cookie: Option<&str>,
) -> reqwest::Response {
    let arguments: serde_json::Map<String, Value> = arguments
        .iter()
        .map(|(name, value)| (name.to_string(), Value::from(*value)))
        .collect();
    let mut request = app
        .client
        .post(app.url(path))
        .header("accept", "application/json")
        .json(&arguments);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn joining_sets_the_session_cookie_and_sending_uses_it_as_the_author() {
    let app = spawn_app().await;
    let joined = call(&app, JoinAsGuest::PATH, &[("name", "ana")], None).await;
    assert_eq!(joined.status(), 200);
    let cookie = session_cookie(&joined);

    let form = [
        ("channel", "general"),
        ("body", "oi"),
        ("author", "someone-else"),
    ];
    let sent = call(&app, SendMessage::PATH, &form, Some(&cookie)).await;
    assert_eq!(sent.status(), 200);
    let message: Value = sent.json().await.unwrap();
    assert_eq!(message["author"], "ana");
    assert_eq!(message["body"], "oi");
}

#[tokio::test]
async fn refused_calls_get_their_own_status_not_500() {
    let app = spawn_app().await;
    let hi = [("channel", "general"), ("body", "hi")];
    let anonymous = call(&app, SendMessage::PATH, &hi, None).await;
    assert_eq!(anonymous.status(), 401);

    let cookie = session_cookie(&call(&app, JoinAsGuest::PATH, &[("name", "ana")], None).await);
    let blank = [("channel", "general"), ("body", "   ")];
    let blank = call(&app, SendMessage::PATH, &blank, Some(&cookie)).await;
    assert_eq!(blank.status(), 422);

    let nowhere = [("channel", "nowhere"), ("body", "hi")];
    let nowhere = call(&app, SendMessage::PATH, &nowhere, Some(&cookie)).await;
    assert_eq!(nowhere.status(), 404);

    let taken = call(&app, JoinAsGuest::PATH, &[("name", "ANA")], None).await;
    assert_eq!(taken.status(), 409);
}

#[tokio::test]
async fn a_plain_form_post_is_redirected_back_to_the_page() {
    let app = spawn_app().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = app.url("/");
    let response = client
        .post(app.url(JoinAsGuest::PATH))
        .header("accept", "text/html")
        .header("referer", &page)
        .form(&[("name", "bad name")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with(&page) && location.contains("__err="),
        "{location}"
    );
}
