//! The server functions the UI calls, over real HTTP as the browser does.

use leptos::server_fn::ServerFn;
use serde_json::Value;

use app::server_fns::{JoinAsGuest, SendMessage};

use crate::helpers::spawn_app;

fn cookie_of(response: &reqwest::Response) -> String {
    let set_cookie = response.headers()["set-cookie"].to_str().unwrap();
    set_cookie.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn joining_sets_the_session_cookie_and_sending_uses_it_as_the_author() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url(JoinAsGuest::PATH))
        .header("accept", "application/json")
        .form(&[("name", "ana")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cookie = cookie_of(&response);

    let response = app
        .client
        .post(app.url(SendMessage::PATH))
        .header("accept", "application/json")
        .header("cookie", &cookie)
        .form(&[("body", "oi"), ("author", "someone-else")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let message: Value = response.json().await.unwrap();
    assert_eq!(message["author"], "ana");
    assert_eq!(message["body"], "oi");
}

#[tokio::test]
async fn refused_calls_get_their_own_status_not_500() {
    let app = spawn_app().await;
    let send = |cookie: Option<String>, body: &'static str| {
        let mut request = app
            .client
            .post(app.url(SendMessage::PATH))
            .header("accept", "application/json")
            .form(&[("body", body)]);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send()
    };
    assert_eq!(send(None, "hi").await.unwrap().status(), 401);

    let joined = app
        .client
        .post(app.url(JoinAsGuest::PATH))
        .header("accept", "application/json")
        .form(&[("name", "ana")])
        .send()
        .await
        .unwrap();
    let cookie = cookie_of(&joined);
    assert_eq!(send(Some(cookie), "   ").await.unwrap().status(), 422);

    let taken = app
        .client
        .post(app.url(JoinAsGuest::PATH))
        .header("accept", "application/json")
        .form(&[("name", "ANA")])
        .send()
        .await
        .unwrap();
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
