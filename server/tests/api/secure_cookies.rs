//! The session cookie is `Secure`, and named `__Host-papo_session`, when
//! papo sees it is served over HTTPS: a trusted proxy says so in
//! `X-Forwarded-Proto` (`PAPO_SECURE_COOKIES=auto`, the default), or
//! `PAPO_SECURE_COOKIES=true` says so for every request.

use leptos::server_fn::ServerFn;
use reqwest::{RequestBuilder, Response};
use serde_json::{json, Value};

use app::server_fns::{JoinAsGuest, SignOut};
use server::{http::client_address::TrustedProxies, http::secure_cookies::CookieSecurity};

use crate::helpers::{session_cookie, spawn_app, spawn_app_with, TestApp};

/// A request as a TLS-terminating proxy in front of papo passes it on.
fn over_https(request: RequestBuilder) -> RequestBuilder {
    request.header("x-forwarded-proto", "https")
}

/// A papo behind a reverse proxy on this machine.
async fn behind_a_proxy() -> TestApp {
    spawn_app_with(|config| {
        config.trusted_proxies = TrustedProxies::parse("127.0.0.1").unwrap();
    })
    .await
}

/// Joins as `name` through `via`; the whole `Set-Cookie` answered.
async fn join(app: &TestApp, name: &str, via: fn(RequestBuilder) -> RequestBuilder) -> String {
    let request = app
        .client
        .post(app.url("/api/v1/session"))
        .json(&json!({ "name": name }));
    let response = via(request).send().await.unwrap();
    assert_eq!(response.status(), 201);
    set_cookie(&response)
}

fn set_cookie(response: &Response) -> String {
    response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned()
}

fn plainly(request: RequestBuilder) -> RequestBuilder {
    request
}

/// Who `GET /api/v1/session` says `cookie` signs in, through `via`.
async fn who(
    app: &TestApp,
    cookie: &str,
    via: fn(RequestBuilder) -> RequestBuilder,
) -> Option<String> {
    let request = app
        .client
        .get(app.url("/api/v1/session"))
        .header("cookie", cookie);
    let response = via(request).send().await.unwrap();
    if response.status() == 401 {
        return None;
    }
    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.unwrap();
    Some(me["user"]["name"].as_str().unwrap().to_owned())
}

fn assert_plain_cookie(set: &str) {
    assert!(set.starts_with("papo_session="), "{set}");
    assert!(!set.contains("Secure"), "{set}");
}

fn assert_secure_host_cookie(set: &str) {
    assert!(set.starts_with("__Host-papo_session="), "{set}");
    assert!(
        set.contains("; Secure") && set.contains("; Path=/"),
        "{set}"
    );
    assert!(!set.to_ascii_lowercase().contains("domain"), "{set}");
}

#[tokio::test]
async fn over_plain_http_the_session_cookie_is_plain() {
    let app = spawn_app().await;
    let set = join(&app, "ana", plainly).await;
    assert_plain_cookie(&set);
}

#[tokio::test]
async fn behind_a_trusted_https_proxy_the_session_cookie_is_a_secure_host_cookie() {
    let app = behind_a_proxy().await;
    let set = join(&app, "ana", over_https).await;
    assert_secure_host_cookie(&set);
    let cookie = set.split(';').next().unwrap().to_owned();
    assert_eq!(who(&app, &cookie, over_https).await.as_deref(), Some("ana"));
    // Only the name that matches the request's kind is read.
    let renamed = cookie.replacen("__Host-papo_session", "papo_session", 1);
    assert_eq!(who(&app, &renamed, over_https).await, None);

    let signed_out = over_https(app.client.delete(app.url("/api/v1/session")))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 204);
    let cleared = set_cookie(&signed_out);
    assert_secure_host_cookie(&cleared);
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert_eq!(who(&app, &cookie, over_https).await, None);
}

#[tokio::test]
async fn the_pages_forms_set_and_clear_the_secure_cookie_too() {
    let app = behind_a_proxy().await;
    // As a browser without JavaScript posts them: answered with a redirect,
    // which carries the cookie.
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let joined = over_https(browser.post(app.url(JoinAsGuest::PATH)))
        .header("accept", "text/html")
        .form(&[("name", "bo")])
        .send()
        .await
        .unwrap();
    let set = set_cookie(&joined);
    assert_secure_host_cookie(&set);
    let cookie = session_cookie(&joined);
    assert_eq!(who(&app, &cookie, over_https).await.as_deref(), Some("bo"));

    let signed_out = over_https(browser.post(app.url(SignOut::PATH)))
        .header("accept", "text/html")
        .header("cookie", &cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap();
    let cleared = set_cookie(&signed_out);
    assert_secure_host_cookie(&cleared);
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert_eq!(who(&app, &cookie, over_https).await, None);
}

#[tokio::test]
async fn an_untrusted_peers_word_about_https_is_not_taken() {
    let app = spawn_app().await;
    let set = join(&app, "ana", over_https).await;
    assert_plain_cookie(&set);
}

#[tokio::test]
async fn secure_cookies_true_makes_them_secure_over_anything() {
    let app = spawn_app_with(|config| config.secure_cookies = CookieSecurity::Always).await;
    let set = join(&app, "ana", plainly).await;
    assert_secure_host_cookie(&set);
}

#[tokio::test]
async fn secure_cookies_false_keeps_them_plain_even_over_https() {
    let app = spawn_app_with(|config| {
        config.trusted_proxies = TrustedProxies::parse("127.0.0.1").unwrap();
        config.secure_cookies = CookieSecurity::Never;
    })
    .await;
    let set = join(&app, "ana", over_https).await;
    assert_plain_cookie(&set);
}
