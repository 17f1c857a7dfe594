//! The OpenAPI document matches what papo does: a tour provokes every
//! answer the document lists, for every operation, and every kind of event
//! of the live feeds; each is checked against the document as it arrives
//! (see [`crate::contract`]).

use std::collections::BTreeSet;

use futures::StreamExt;
use reqwest::{header::CONTENT_TYPE, Method};
use serde_json::{json, Value};

use crate::{
    contract,
    helpers::{
        checked, next_event_of_any_kind, spawn_app, spawn_app_with, Guest, TestApp, TestDatabase,
    },
};

/// What a tour request sends as its body.
enum Body {
    None,
    Json(Value),
    /// Not JSON at all, declared as JSON.
    Malformed,
    /// JSON, declared as text.
    PlainText,
}

/// One request of the tour, checked against the document; returns the
/// status, after asserting it is `expected`.
async fn expect(
    app: &TestApp,
    method: Method,
    path: &str,
    who: Option<&Guest>,
    body: Body,
    expected: u16,
) -> Value {
    let mut request = app.client.request(method.clone(), app.url(path));
    if let Some(who) = who {
        request = request.bearer_auth(&who.token);
    }
    request = match body {
        Body::None => request,
        Body::Json(value) => request.json(&value),
        Body::Malformed => request
            .header(CONTENT_TYPE, "application/json")
            .body("{\"name\":"),
        Body::PlainText => request.header(CONTENT_TYPE, "text/plain").body("{}"),
    };
    let response = checked(method.clone(), path, request.send().await.unwrap()).await;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    assert_eq!(status, expected, "{method} {path}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// The answers every operation that takes a JSON body gives to a body
/// that is not JSON (400), not declared as JSON (415), or JSON of another
/// shape (422); and to a request without credentials (401).
async fn bad_requests(app: &TestApp, method: Method, path: &str, who: &Guest, takes_body: bool) {
    expect(app, method.clone(), path, None, Body::None, 401).await;
    if takes_body {
        expect(app, method.clone(), path, Some(who), Body::Malformed, 400).await;
        expect(app, method.clone(), path, Some(who), Body::PlainText, 415).await;
        expect(
            app,
            method,
            path,
            Some(who),
            Body::Json(json!({ "unrelated": 1 })),
            422,
        )
        .await;
    }
}

#[tokio::test]
async fn the_served_document_is_the_generated_one() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
    let served: Value = response.json().await.unwrap();
    assert_eq!(served, *contract::DOCUMENT);
    assert_eq!(served["openapi"], "3.2.0");
}

#[tokio::test]
async fn every_answer_the_document_lists_is_given_as_documented() {
    use Method as M;
    let app = spawn_app_with(|config| config.replay_limit = 3).await;

    // Accounts. The first registered account is the admin.
    let ana = app.register("ana").await;
    let bo = app.register("bo").await;
    let cy = app.join("cy").await;
    let credentials =
        |name: &str| json!({ "name": name, "password": "correct horse battery staple" });
    expect(
        &app,
        M::POST,
        "/api/v1/users",
        None,
        Body::Json(credentials("ana")),
        409,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/users",
        None,
        Body::Json(json!({ "name": "dee", "password": "short" })),
        422,
    )
    .await;
    expect(&app, M::POST, "/api/v1/users", None, Body::Malformed, 400).await;
    expect(&app, M::POST, "/api/v1/users", None, Body::PlainText, 415).await;
    let signed_in = expect(
        &app,
        M::POST,
        "/api/v1/session",
        None,
        Body::Json(credentials("bo")),
        201,
    )
    .await;
    let bo_again = Guest {
        token: signed_in["token"].as_str().unwrap().to_owned(),
    };
    expect(
        &app,
        M::POST,
        "/api/v1/session",
        None,
        Body::Json(json!({ "name": "bo", "password": "not the password" })),
        401,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/session",
        None,
        Body::Json(json!({ "name": "ana" })),
        409,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/session",
        None,
        Body::Json(json!({ "name": "not a name!" })),
        422,
    )
    .await;
    expect(&app, M::POST, "/api/v1/session", None, Body::Malformed, 400).await;
    expect(&app, M::POST, "/api/v1/session", None, Body::PlainText, 415).await;
    let me = expect(
        &app,
        M::GET,
        "/api/v1/session",
        Some(&bo_again),
        Body::None,
        200,
    )
    .await;
    assert_eq!(me, json!({ "user": { "name": "bo" }, "registered": true }));
    expect(&app, M::GET, "/api/v1/session", None, Body::None, 401).await;
    expect(
        &app,
        M::DELETE,
        "/api/v1/session",
        Some(&bo_again),
        Body::None,
        204,
    )
    .await;
    expect(&app, M::DELETE, "/api/v1/session", None, Body::None, 401).await;
    let dee = app.register("dee").await;
    expect(
        &app,
        M::DELETE,
        "/api/v1/sessions",
        Some(&dee),
        Body::None,
        204,
    )
    .await;
    expect(&app, M::DELETE, "/api/v1/sessions", None, Body::None, 401).await;

    // The admin follows everything from here on; bo's feed makes him online.
    let mut feed = app.open_feed("/api/v1/events", &ana, None).await;
    let bo_feed = app.open_feed("/api/v1/events", &bo, None).await;

    // Tokens.
    let token = expect(
        &app,
        M::POST,
        "/api/v1/tokens",
        Some(&ana),
        Body::Json(json!({ "label": "bot" })),
        201,
    )
    .await;
    bad_requests(&app, M::POST, "/api/v1/tokens", &ana, true).await;
    expect(
        &app,
        M::POST,
        "/api/v1/tokens",
        Some(&cy),
        Body::Json(json!({ "label": "bot" })),
        403,
    )
    .await;
    expect(&app, M::GET, "/api/v1/tokens", Some(&ana), Body::None, 200).await;
    expect(&app, M::GET, "/api/v1/tokens", Some(&cy), Body::None, 403).await;
    expect(&app, M::GET, "/api/v1/tokens", None, Body::None, 401).await;
    let revoke = format!("/api/v1/tokens/{}", token["id"]);
    expect(&app, M::DELETE, &revoke, Some(&cy), Body::None, 403).await;
    expect(&app, M::DELETE, &revoke, None, Body::None, 401).await;
    expect(&app, M::DELETE, &revoke, Some(&ana), Body::None, 204).await;
    expect(&app, M::DELETE, &revoke, Some(&ana), Body::None, 404).await;

    // Channels.
    let create = |name: &str, private: bool| {
        Body::Json(json!({ "name": name, "topic": "t", "private": private }))
    };
    expect(
        &app,
        M::POST,
        "/api/v1/channels",
        Some(&ana),
        create("deploys", false),
        201,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/channels",
        Some(&ana),
        create("secret", true),
        201,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/channels",
        Some(&ana),
        create("deploys", false),
        409,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/channels",
        Some(&cy),
        create("guests", false),
        403,
    )
    .await;
    bad_requests(&app, M::POST, "/api/v1/channels", &ana, true).await;
    expect(
        &app,
        M::GET,
        "/api/v1/channels",
        Some(&ana),
        Body::None,
        200,
    )
    .await;
    expect(
        &app,
        M::GET,
        "/api/v1/channels?all=true",
        Some(&cy),
        Body::None,
        200,
    )
    .await;
    expect(
        &app,
        M::GET,
        "/api/v1/channels?all=maybe",
        Some(&cy),
        Body::None,
        400,
    )
    .await;
    bad_requests(&app, M::GET, "/api/v1/channels", &ana, false).await;
    expect(
        &app,
        M::GET,
        "/api/v1/channels/deploys",
        Some(&cy),
        Body::None,
        200,
    )
    .await;
    expect(
        &app,
        M::GET,
        "/api/v1/channels/secret",
        Some(&cy),
        Body::None,
        404,
    )
    .await;
    bad_requests(&app, M::GET, "/api/v1/channels/deploys", &ana, false).await;
    expect(
        &app,
        M::POST,
        "/api/v1/channels/deploys/join",
        Some(&cy),
        Body::None,
        204,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/channels/secret/join",
        Some(&cy),
        Body::None,
        404,
    )
    .await;
    bad_requests(&app, M::POST, "/api/v1/channels/deploys/join", &ana, false).await;
    expect(
        &app,
        M::POST,
        "/api/v1/channels/deploys/leave",
        Some(&cy),
        Body::None,
        204,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/channels/general/leave",
        Some(&cy),
        Body::None,
        409,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/channels/nope/leave",
        Some(&cy),
        Body::None,
        404,
    )
    .await;
    bad_requests(&app, M::POST, "/api/v1/channels/deploys/leave", &ana, false).await;
    let members = "/api/v1/channels/secret/members";
    expect(
        &app,
        M::POST,
        members,
        Some(&ana),
        Body::Json(json!({ "name": "bo" })),
        204,
    )
    .await;
    expect(
        &app,
        M::POST,
        members,
        Some(&ana),
        Body::Json(json!({ "name": "nobody" })),
        404,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/channels/deploys/members",
        Some(&cy),
        Body::Json(json!({ "name": "bo" })),
        403,
    )
    .await;
    bad_requests(&app, M::POST, members, &ana, true).await;
    expect(&app, M::GET, members, Some(&bo), Body::None, 200).await;
    expect(&app, M::GET, members, Some(&cy), Body::None, 404).await;
    let online = "/api/v1/channels/general/online";
    let people = expect(&app, M::GET, online, Some(&cy), Body::None, 200).await;
    assert_eq!(people, json!(["ana", "bo"]), "the two with a feed open");
    bad_requests(&app, M::GET, online, &ana, false).await;
    let secret_online = "/api/v1/channels/secret/online";
    expect(&app, M::GET, secret_online, Some(&cy), Body::None, 404).await;
    bad_requests(&app, M::GET, members, &ana, false).await;
    let dm = expect(
        &app,
        M::POST,
        "/api/v1/dms",
        Some(&ana),
        Body::Json(json!({ "members": ["bo"] })),
        200,
    )
    .await;
    let dm_members = format!("/api/v1/channels/{}/members", dm["name"].as_str().unwrap());
    expect(
        &app,
        M::POST,
        &dm_members,
        Some(&ana),
        Body::Json(json!({ "name": "cy" })),
        409,
    )
    .await;
    expect(
        &app,
        M::DELETE,
        &format!("{dm_members}/bo"),
        Some(&ana),
        Body::None,
        409,
    )
    .await;
    expect(
        &app,
        M::DELETE,
        "/api/v1/channels/deploys/members/ana",
        Some(&bo),
        Body::None,
        403,
    )
    .await;
    expect(
        &app,
        M::DELETE,
        "/api/v1/channels/secret/members/bo",
        Some(&cy),
        Body::None,
        404,
    )
    .await;
    bad_requests(
        &app,
        M::DELETE,
        "/api/v1/channels/secret/members/bo",
        &ana,
        false,
    )
    .await;
    expect(
        &app,
        M::DELETE,
        "/api/v1/channels/secret/members/bo",
        Some(&ana),
        Body::None,
        204,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/channels/general/typing",
        Some(&bo),
        Body::None,
        204,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/channels/deploys/typing",
        Some(&cy),
        Body::None,
        403,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/channels/secret/typing",
        Some(&cy),
        Body::None,
        404,
    )
    .await;
    bad_requests(
        &app,
        M::POST,
        "/api/v1/channels/general/typing",
        &ana,
        false,
    )
    .await;

    // Messages.
    let post = "/api/v1/channels/general/messages";
    let message = expect(
        &app,
        M::POST,
        post,
        Some(&bo),
        Body::Json(json!({ "body": "hi @ana" })),
        201,
    )
    .await;
    expect(
        &app,
        M::POST,
        post,
        Some(&bo),
        Body::Json(json!({ "body": "   " })),
        422,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/channels/deploys/messages",
        Some(&cy),
        Body::Json(json!({ "body": "hi" })),
        403,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/channels/secret/messages",
        Some(&cy),
        Body::Json(json!({ "body": "hi" })),
        404,
    )
    .await;
    bad_requests(&app, M::POST, post, &ana, true).await;
    expect(
        &app,
        M::GET,
        &format!("{post}?limit=10"),
        Some(&cy),
        Body::None,
        200,
    )
    .await;
    expect(
        &app,
        M::GET,
        &format!("{post}?limit=ten"),
        Some(&cy),
        Body::None,
        400,
    )
    .await;
    expect(
        &app,
        M::GET,
        &format!("{post}?limit=0"),
        Some(&cy),
        Body::None,
        422,
    )
    .await;
    expect(
        &app,
        M::GET,
        "/api/v1/channels/secret/messages",
        Some(&cy),
        Body::None,
        404,
    )
    .await;
    bad_requests(&app, M::GET, post, &ana, false).await;
    let id = message["id"].as_i64().unwrap();
    let one = format!("/api/v1/messages/{id}");
    expect(
        &app,
        M::PATCH,
        &one,
        Some(&bo),
        Body::Json(json!({ "body": "hi @ana, edited" })),
        200,
    )
    .await;
    expect(
        &app,
        M::PATCH,
        &one,
        Some(&ana),
        Body::Json(json!({ "body": "not mine" })),
        403,
    )
    .await;
    expect(
        &app,
        M::PATCH,
        &one,
        Some(&bo),
        Body::Json(json!({ "body": "" })),
        422,
    )
    .await;
    expect(
        &app,
        M::PATCH,
        "/api/v1/messages/999999",
        Some(&bo),
        Body::Json(json!({ "body": "x" })),
        404,
    )
    .await;
    bad_requests(&app, M::PATCH, &one, &bo, true).await;
    let read = "/api/v1/channels/general/read";
    expect(
        &app,
        M::POST,
        read,
        Some(&ana),
        Body::Json(json!({ "last_read_id": id })),
        204,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/channels/secret/read",
        Some(&cy),
        Body::Json(json!({ "last_read_id": id })),
        404,
    )
    .await;
    bad_requests(&app, M::POST, read, &ana, true).await;
    expect(&app, M::DELETE, &one, Some(&ana), Body::None, 403).await;
    expect(&app, M::DELETE, &one, None, Body::None, 401).await;
    expect(&app, M::DELETE, &one, Some(&bo), Body::None, 204).await;
    expect(
        &app,
        M::DELETE,
        "/api/v1/messages/999999",
        Some(&bo),
        Body::None,
        404,
    )
    .await;

    // Direct messages and notifications.
    expect(
        &app,
        M::POST,
        "/api/v1/dms",
        Some(&ana),
        Body::Json(json!({ "members": ["nobody"] })),
        404,
    )
    .await;
    bad_requests(&app, M::POST, "/api/v1/dms", &ana, true).await;
    let to_ana = "/api/v1/users/ana/messages";
    expect(
        &app,
        M::POST,
        to_ana,
        Some(&bo),
        Body::Json(json!({ "body": "psst" })),
        201,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/users/nobody/messages",
        Some(&bo),
        Body::Json(json!({ "body": "psst" })),
        404,
    )
    .await;
    bad_requests(&app, M::POST, to_ana, &bo, true).await;
    let notify = "/api/v1/users/ana/notify";
    expect(
        &app,
        M::POST,
        notify,
        Some(&bo),
        Body::Json(json!({ "text": "build broke" })),
        201,
    )
    .await;
    expect(
        &app,
        M::POST,
        "/api/v1/users/nobody/notify",
        Some(&bo),
        Body::Json(json!({ "text": "x" })),
        404,
    )
    .await;
    bad_requests(&app, M::POST, notify, &bo, true).await;

    // Live feeds: the errors, a resync (replays are limited to 3 events
    // here), and one channel's feed.
    expect(
        &app,
        M::GET,
        "/api/v1/channels/secret/events",
        Some(&cy),
        Body::None,
        404,
    )
    .await;
    bad_requests(&app, M::GET, "/api/v1/channels/general/events", &ana, false).await;
    bad_requests(&app, M::GET, "/api/v1/events", &ana, false).await;
    expect(
        &app,
        M::GET,
        "/api/v1/events?after=soon",
        Some(&ana),
        Body::None,
        400,
    )
    .await;
    expect(
        &app,
        M::GET,
        "/api/v1/channels/general/events?after=soon",
        Some(&ana),
        Body::None,
        400,
    )
    .await;
    drop(app.open_feed("/api/v1/events?after=1", &ana, None).await);
    drop(
        app.open_feed("/api/v1/channels/general/events", &ana, None)
            .await,
    );

    // bo's feed closes: ana sees him go offline. Then one last message, and
    // ana's feed is read up to it: every event it got is checked.
    drop(bo_feed);
    app.post_to("general", &cy, "the end").await;
    let (mut the_end, mut offline) = (false, false);
    while !(the_end && offline) {
        let event = next_event_of_any_kind(&mut feed).await;
        the_end |= event.event == "message" && event.data.contains("the end");
        offline |= event.event == "member_offline";
    }

    // Operations: the admin's stats stream, and the probes.
    let stats = app
        .client
        .get(app.url("/api/v1/admin/stats"))
        .bearer_auth(&ana.token)
        .send()
        .await
        .unwrap();
    let stats = checked(M::GET, "/api/v1/admin/stats", stats).await;
    assert_eq!(stats.status(), 200);
    let mut samples = eventsource_stream::Eventsource::eventsource(stats.bytes_stream());
    let sample = samples.next().await.unwrap().unwrap();
    contract::check_event(
        "/api/v1/admin/stats",
        &sample.event,
        &sample.id,
        &sample.data,
    );
    expect(
        &app,
        M::GET,
        "/api/v1/admin/stats",
        Some(&bo),
        Body::None,
        404,
    )
    .await;
    expect(&app, M::GET, "/healthz", None, Body::None, 200).await;
    expect(&app, M::GET, "/readyz", None, Body::None, 200).await;
    expect(&app, M::GET, "/metrics", None, Body::None, 200).await;
    TestDatabase::execute(
        &app.database_url,
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .await;
    expect(&app, M::GET, "/readyz", None, Body::None, 503).await;

    // Another server for what limits change: rate limits, a metrics token.
    let limited = spawn_app_with(|config| {
        config.post_rate = "1/1m".parse().unwrap();
        config.session_rate = "2/1m".parse().unwrap();
        config.metrics_token = Some("scrape-secret".to_owned());
    })
    .await;
    let eve = limited.register("eve").await;
    limited.join("gus").await;
    expect(
        &limited,
        M::POST,
        "/api/v1/users",
        None,
        Body::Json(credentials("fay")),
        429,
    )
    .await;
    expect(
        &limited,
        M::POST,
        "/api/v1/session",
        None,
        Body::Json(json!({ "name": "hal" })),
        429,
    )
    .await;
    limited.post_message(&eve, "one").await;
    let limited_post = Body::Json(json!({ "body": "two" }));
    expect(
        &limited,
        M::POST,
        "/api/v1/channels/general/messages",
        Some(&eve),
        limited_post,
        429,
    )
    .await;
    expect(
        &limited,
        M::POST,
        "/api/v1/users/gus/messages",
        Some(&eve),
        Body::Json(json!({ "body": "two" })),
        429,
    )
    .await;
    expect(
        &limited,
        M::POST,
        "/api/v1/users/gus/notify",
        Some(&eve),
        Body::Json(json!({ "text": "two" })),
        429,
    )
    .await;
    expect(&limited, M::GET, "/metrics", None, Body::None, 404).await;

    let unprovoked: BTreeSet<_> = contract::every_documented_answer()
        .difference(&contract::seen())
        .cloned()
        .collect();
    let expected: BTreeSet<(String, String, u16)> = [
        // The database would have to stop answering; /readyz's 503 is the
        // same documented response.
        ("/healthz", "get", 503),
    ]
    .into_iter()
    .map(|(p, m, s)| (p.to_owned(), m.to_owned(), s))
    .collect();
    assert_eq!(
        unprovoked, expected,
        "documented, but not seen in this tour"
    );
}

#[tokio::test]
async fn the_reference_page_renders_the_document_without_script() {
    let app = spawn_app().await;
    let response = app.get("/api/docs", None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("default-src 'none'"), "{policy}");
    // Leptos separates adjacent text nodes with `<!>`.
    let page = response.text().await.unwrap().replace("<!>", "");
    for (path, item) in contract::DOCUMENT["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let title = format!("{}</span> <code>{path}</code>", method.to_uppercase());
            assert!(page.contains(&title), "{title} is on the page");
        }
    }
    assert!(page.contains("href=\"/api/v1/openapi.json\""));
    assert!(!page.contains("<script"));
}
