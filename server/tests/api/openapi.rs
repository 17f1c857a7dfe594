//! The OpenAPI document matches what papo does: a tour provokes every
//! answer the document lists, for every operation, and every kind of event
//! of the live feeds; each is checked against the document as it arrives
//! (see [`crate::contract`]).

use std::collections::BTreeSet;

use futures::StreamExt;
use reqwest::{header::CONTENT_TYPE, Method};
use serde_json::{json, Value};
use server::http::metrics_access::MetricsAccess;

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

/// Requests of the tour: each is checked against the document, and its
/// status must be the one the tour expects. Each returns the JSON answer
/// (`null` for none).
struct Tour<'a> {
    app: &'a TestApp,
}

impl Tour<'_> {
    async fn ask(
        &self,
        method: Method,
        path: &str,
        who: Option<&Guest>,
        body: Body,
        expected: u16,
    ) -> Value {
        let mut request = self.app.client.request(method.clone(), self.app.url(path));
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

    async fn get(&self, path: &str, who: &Guest, expected: u16) -> Value {
        self.ask(Method::GET, path, Some(who), Body::None, expected)
            .await
    }

    async fn post(&self, path: &str, who: &Guest, body: Value, expected: u16) -> Value {
        self.ask(Method::POST, path, Some(who), Body::Json(body), expected)
            .await
    }

    /// A POST without a body (join, leave, typing).
    async fn act(&self, path: &str, who: &Guest, expected: u16) {
        self.ask(Method::POST, path, Some(who), Body::None, expected)
            .await;
    }

    async fn patch(&self, path: &str, who: &Guest, body: Value, expected: u16) {
        self.ask(Method::PATCH, path, Some(who), Body::Json(body), expected)
            .await;
    }

    async fn delete(&self, path: &str, who: &Guest, expected: u16) {
        self.ask(Method::DELETE, path, Some(who), Body::None, expected)
            .await;
    }

    /// A request without credentials.
    async fn anonymous(&self, method: Method, path: &str, body: Body, expected: u16) -> Value {
        self.ask(method, path, None, body, expected).await
    }

    /// What every operation answers without credentials (401), and with a
    /// body that is not JSON (400), not declared as JSON (415), or JSON of
    /// another shape (422) when it takes one.
    async fn bad_requests(&self, method: Method, path: &str, who: &Guest, takes_body: bool) {
        self.anonymous(method.clone(), path, Body::None, 401).await;
        if takes_body {
            let who = Some(who);
            let other_shape = Body::Json(json!({ "unrelated": 1 }));
            self.ask(method.clone(), path, who, Body::Malformed, 400)
                .await;
            self.ask(method.clone(), path, who, Body::PlainText, 415)
                .await;
            self.ask(method, path, who, other_shape, 422).await;
        }
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

const USERS: &str = "/api/v1/users";
const SESSION: &str = "/api/v1/session";
const TOKENS: &str = "/api/v1/tokens";
const CHANNELS: &str = "/api/v1/channels";
const GENERAL: &str = "/api/v1/channels/general";
const DEPLOYS: &str = "/api/v1/channels/deploys";
const SECRET: &str = "/api/v1/channels/secret";

fn credentials(name: &str) -> Value {
    json!({ "name": name, "password": "correct horse battery staple" })
}

fn channel(name: &str, private: bool) -> Value {
    json!({ "name": name, "topic": "what it is for", "private": private })
}

fn body(text: &str) -> Value {
    json!({ "body": text })
}

fn name(name: &str) -> Value {
    json!({ "name": name })
}

#[tokio::test]
async fn every_answer_the_document_lists_is_given_as_documented() {
    use Method as M;
    // Replays are limited to 3 events, so that a feed can be made to resync.
    let app = spawn_app_with(|config| config.replay_limit = 3).await;
    let t = Tour { app: &app };

    // Accounts. The first registered account is the admin.
    let ana = app.register("ana").await;
    let bo = app.register("bo").await;
    let cy = app.join("cy").await;
    let short_password = json!({ "name": "dee", "password": "short" });
    t.anonymous(M::POST, USERS, Body::Json(credentials("ana")), 409)
        .await;
    t.anonymous(M::POST, USERS, Body::Json(short_password), 422)
        .await;
    t.anonymous(M::POST, USERS, Body::Malformed, 400).await;
    t.anonymous(M::POST, USERS, Body::PlainText, 415).await;
    let signed_in = t
        .anonymous(M::POST, SESSION, Body::Json(credentials("bo")), 201)
        .await;
    let bo_again = Guest {
        token: signed_in["token"].as_str().unwrap().to_owned(),
    };
    let wrong_password = json!({ "name": "bo", "password": "not the password" });
    t.anonymous(M::POST, SESSION, Body::Json(wrong_password), 401)
        .await;
    t.anonymous(M::POST, SESSION, Body::Json(name("ana")), 409)
        .await;
    t.anonymous(M::POST, SESSION, Body::Json(name("not a name!")), 422)
        .await;
    t.anonymous(M::POST, SESSION, Body::Malformed, 400).await;
    t.anonymous(M::POST, SESSION, Body::PlainText, 415).await;
    let me = t.get(SESSION, &bo_again, 200).await;
    assert_eq!(me, json!({ "user": { "name": "bo" }, "registered": true }));
    t.anonymous(M::GET, SESSION, Body::None, 401).await;
    t.delete(SESSION, &bo_again, 204).await;
    t.anonymous(M::DELETE, SESSION, Body::None, 401).await;
    let dee = app.register("dee").await;
    t.delete("/api/v1/sessions", &dee, 204).await;
    t.anonymous(M::DELETE, "/api/v1/sessions", Body::None, 401)
        .await;

    // The admin follows everything from here on; bo's feed makes him online.
    let mut feed = app.open_feed("/api/v1/events", &ana, None).await;
    let bo_feed = app.open_feed("/api/v1/events", &bo, None).await;

    // Tokens.
    let token = t.post(TOKENS, &ana, json!({ "label": "bot" }), 201).await;
    let bot = Guest {
        token: token["token"].as_str().unwrap().to_owned(),
    };
    t.post(TOKENS, &bot, json!({ "label": "its successor" }), 403)
        .await;
    t.delete("/api/v1/sessions", &bot, 403).await;
    t.bad_requests(M::POST, TOKENS, &ana, true).await;
    t.post(TOKENS, &cy, json!({ "label": "bot" }), 403).await;
    t.get(TOKENS, &ana, 200).await;
    t.get(TOKENS, &cy, 403).await;
    t.bad_requests(M::GET, TOKENS, &ana, false).await;
    let revoke = format!("{TOKENS}/{}", token["id"]);
    t.delete(&revoke, &cy, 403).await;
    t.bad_requests(M::DELETE, &revoke, &ana, false).await;
    t.delete(&revoke, &ana, 204).await;
    t.delete(&revoke, &ana, 404).await;

    // Channels.
    t.post(CHANNELS, &ana, channel("deploys", false), 201).await;
    t.post(CHANNELS, &ana, channel("secret", true), 201).await;
    t.post(CHANNELS, &ana, channel("deploys", false), 409).await;
    t.post(CHANNELS, &cy, channel("guests", false), 403).await;
    t.bad_requests(M::POST, CHANNELS, &ana, true).await;
    t.get(CHANNELS, &ana, 200).await;
    t.get(&format!("{CHANNELS}?all=true"), &cy, 200).await;
    t.get(&format!("{CHANNELS}?all=maybe"), &cy, 400).await;
    t.bad_requests(M::GET, CHANNELS, &ana, false).await;
    t.get(DEPLOYS, &cy, 200).await;
    t.get(SECRET, &cy, 404).await;
    t.bad_requests(M::GET, DEPLOYS, &ana, false).await;
    t.act(&format!("{DEPLOYS}/join"), &cy, 204).await;
    t.act(&format!("{SECRET}/join"), &cy, 404).await;
    t.bad_requests(M::POST, &format!("{DEPLOYS}/join"), &ana, false)
        .await;
    t.act(&format!("{DEPLOYS}/leave"), &cy, 204).await;
    t.act(&format!("{GENERAL}/leave"), &cy, 409).await;
    t.act(&format!("{SECRET}/leave"), &cy, 404).await;
    t.bad_requests(M::POST, &format!("{DEPLOYS}/leave"), &ana, false)
        .await;

    // Members, and who is online.
    let members = format!("{SECRET}/members");
    t.post(&members, &ana, name("bo"), 204).await;
    t.post(&members, &ana, name("nobody"), 404).await;
    t.post(&format!("{DEPLOYS}/members"), &cy, name("bo"), 403)
        .await;
    t.bad_requests(M::POST, &members, &ana, true).await;
    t.get(&members, &bo, 200).await;
    t.get(&members, &cy, 404).await;
    t.bad_requests(M::GET, &members, &ana, false).await;
    let online = t.get(&format!("{GENERAL}/online"), &cy, 200).await;
    assert_eq!(online, json!(["ana", "bo"]), "the two with a feed open");
    t.get(&format!("{SECRET}/online"), &cy, 404).await;
    t.bad_requests(M::GET, &format!("{GENERAL}/online"), &ana, false)
        .await;
    let dm = t
        .post("/api/v1/dms", &ana, json!({ "members": ["bo"] }), 200)
        .await;
    let dm_members = format!("{CHANNELS}/{}/members", dm["name"].as_str().unwrap());
    t.post(&dm_members, &ana, name("cy"), 409).await;
    t.delete(&format!("{dm_members}/bo"), &ana, 409).await;
    t.delete(&format!("{DEPLOYS}/members/ana"), &bo, 403).await;
    t.delete(&format!("{members}/bo"), &cy, 404).await;
    t.bad_requests(M::DELETE, &format!("{members}/bo"), &ana, false)
        .await;
    t.delete(&format!("{members}/bo"), &ana, 204).await;
    t.act(&format!("{GENERAL}/typing"), &bo, 204).await;
    t.act(&format!("{DEPLOYS}/typing"), &cy, 403).await;
    t.act(&format!("{SECRET}/typing"), &cy, 404).await;
    t.bad_requests(M::POST, &format!("{GENERAL}/typing"), &ana, false)
        .await;

    // Messages and read markers.
    let post = format!("{GENERAL}/messages");
    let message = t.post(&post, &bo, body("hi @ana"), 201).await;
    t.post(&post, &bo, body("   "), 422).await;
    t.post(&format!("{DEPLOYS}/messages"), &cy, body("hi"), 403)
        .await;
    t.post(&format!("{SECRET}/messages"), &cy, body("hi"), 404)
        .await;
    t.bad_requests(M::POST, &post, &ana, true).await;
    t.get(&format!("{post}?limit=10"), &cy, 200).await;
    t.get(&format!("{post}?limit=ten"), &cy, 400).await;
    t.get(&format!("{post}?limit=0"), &cy, 422).await;
    t.get(&format!("{SECRET}/messages"), &cy, 404).await;
    t.bad_requests(M::GET, &post, &ana, false).await;
    let id = message["id"].as_i64().unwrap();
    let one = format!("/api/v1/messages/{id}");
    t.patch(&one, &bo, body("hi @ana, edited"), 200).await;
    t.patch(&one, &ana, body("not mine"), 403).await;
    t.patch(&one, &bo, body(""), 422).await;
    t.patch("/api/v1/messages/999999", &bo, body("x"), 404)
        .await;
    t.bad_requests(M::PATCH, &one, &bo, true).await;
    let read = format!("{GENERAL}/read");
    t.post(&read, &ana, json!({ "last_read_id": id }), 204)
        .await;
    t.post(
        &format!("{SECRET}/read"),
        &cy,
        json!({ "last_read_id": id }),
        404,
    )
    .await;
    t.bad_requests(M::POST, &read, &ana, true).await;
    t.delete(&one, &ana, 403).await;
    t.bad_requests(M::DELETE, &one, &bo, false).await;
    t.delete(&one, &bo, 204).await;
    t.delete("/api/v1/messages/999999", &bo, 404).await;

    // Direct messages and notifications.
    t.post("/api/v1/dms", &ana, json!({ "members": ["nobody"] }), 404)
        .await;
    t.bad_requests(M::POST, "/api/v1/dms", &ana, true).await;
    let to_ana = "/api/v1/users/ana/messages";
    t.post(to_ana, &bo, body("psst"), 201).await;
    t.post("/api/v1/users/nobody/messages", &bo, body("psst"), 404)
        .await;
    t.bad_requests(M::POST, to_ana, &bo, true).await;
    let notify = "/api/v1/users/ana/notify";
    t.post(notify, &bo, json!({ "text": "build broke" }), 201)
        .await;
    t.post(
        "/api/v1/users/nobody/notify",
        &bo,
        json!({ "text": "x" }),
        404,
    )
    .await;
    t.bad_requests(M::POST, notify, &bo, true).await;

    // Live feeds: the errors, a resync, and one channel's feed.
    t.get(&format!("{SECRET}/events"), &cy, 404).await;
    t.bad_requests(M::GET, &format!("{GENERAL}/events"), &ana, false)
        .await;
    t.bad_requests(M::GET, "/api/v1/events", &ana, false).await;
    t.get("/api/v1/events?after=soon", &ana, 400).await;
    t.get(&format!("{GENERAL}/events?after=soon"), &ana, 400)
        .await;
    let resume_from = app
        .client
        .get(app.url("/api/v1/events"))
        .bearer_auth(&ana.token);
    let sent = resume_from
        .header("Last-Event-ID", "soon")
        .send()
        .await
        .unwrap();
    let refused = checked(M::GET, "/api/v1/events", sent).await;
    assert_eq!(refused.status(), 400, "a Last-Event-ID that is not an id");
    drop(app.open_feed("/api/v1/events?after=1", &ana, None).await);
    drop(
        app.open_feed(&format!("{GENERAL}/events"), &ana, None)
            .await,
    );

    // bo's feed closes, and he goes offline. Then one last message, and
    // ana's feed is read up to both: every event it got is checked.
    drop(bo_feed);
    app.post_to("general", &cy, "the end").await;
    let (mut the_end, mut offline) = (false, false);
    while !(the_end && offline) {
        let event = next_event_of_any_kind(&mut feed).await;
        the_end |= event.event == "message" && event.data.contains("the end");
        offline |= event.event == "member_offline";
    }

    // Operations: the admin's stats stream, and the probes.
    let stats = "/api/v1/admin/stats";
    let sent = app
        .client
        .get(app.url(stats))
        .bearer_auth(&ana.token)
        .send();
    let answer = checked(M::GET, stats, sent.await.unwrap()).await;
    assert_eq!(answer.status(), 200);
    let mut samples = eventsource_stream::Eventsource::eventsource(answer.bytes_stream());
    let sample = samples.next().await.unwrap().unwrap();
    contract::check_event(stats, &sample.event, &sample.id, &sample.data);
    t.get(stats, &bo, 404).await;
    t.anonymous(M::GET, "/healthz", Body::None, 200).await;
    t.anonymous(M::GET, "/readyz", Body::None, 200).await;
    // Closed without a metrics token (or PAPO_METRICS_OPEN).
    t.anonymous(M::GET, "/metrics", Body::None, 404).await;
    let newest = "(SELECT MAX(version) FROM _sqlx_migrations)";
    let forget = format!("DELETE FROM _sqlx_migrations WHERE version = {newest}");
    TestDatabase::execute(&app.database_url, &forget).await;
    t.anonymous(M::GET, "/readyz", Body::None, 503).await;

    // Another server for what limits change: rate limits, a metrics token.
    let limited = spawn_app_with(|config| {
        config.post_rate = "1/1m".parse().unwrap();
        config.session_rate = "2/1m".parse().unwrap();
        config.write_rate = "1/1m".parse().unwrap();
        config.feed_caps.per_account = std::num::NonZeroU32::new(1);
        config.metrics = MetricsAccess::Token("scrape-secret".into());
    })
    .await;
    let t = Tour { app: &limited };
    let eve = limited.register("eve").await;
    limited.join("gus").await;
    t.anonymous(M::POST, USERS, Body::Json(credentials("fay")), 429)
        .await;
    t.anonymous(M::POST, SESSION, Body::Json(name("hal")), 429)
        .await;
    limited.post_message(&eve, "one").await;
    // One other state change a minute: the first is made, and then every
    // kind waits, whatever it would change.
    let room = "/api/v1/channels/eves-room";
    t.post(CHANNELS, &eve, channel("eves-room", false), 201)
        .await;
    t.post(CHANNELS, &eve, channel("another", false), 429).await;
    t.act(&format!("{GENERAL}/leave"), &eve, 429).await;
    t.act(&format!("{room}/leave"), &eve, 429).await;
    t.act(&format!("{room}/join"), &eve, 429).await;
    t.post(&format!("{room}/members"), &eve, name("gus"), 429)
        .await;
    t.delete(&format!("{room}/members/gus"), &eve, 429).await;
    t.post("/api/v1/dms", &eve, json!({ "members": ["gus"] }), 429)
        .await;
    t.patch("/api/v1/messages/1", &eve, body("edited"), 429)
        .await;
    t.delete("/api/v1/messages/1", &eve, 429).await;
    t.post(TOKENS, &eve, json!({ "label": "bot" }), 429).await;
    t.delete("/api/v1/tokens/1", &eve, 429).await;
    t.delete("/api/v1/sessions", &eve, 429).await;
    // One open feed per account: a second one waits for the first to close.
    let open = limited.open_feed("/api/v1/events", &eve, None).await;
    t.get("/api/v1/events", &eve, 429).await;
    t.get(&format!("{GENERAL}/events"), &eve, 429).await;
    drop(open);

    t.post(&post, &eve, body("two"), 429).await;
    t.post("/api/v1/users/gus/messages", &eve, body("two"), 429)
        .await;
    t.post(
        "/api/v1/users/gus/notify",
        &eve,
        json!({ "text": "two" }),
        429,
    )
    .await;
    t.anonymous(M::GET, "/metrics", Body::None, 404).await;
    let scraper = Guest {
        token: "scrape-secret".to_owned(),
    };
    t.get("/metrics", &scraper, 200).await;

    let unprovoked: BTreeSet<_> = contract::every_documented_answer()
        .difference(&contract::seen())
        .cloned()
        .collect();
    // The database would have to stop answering; /readyz's 503 is the same
    // documented response.
    let not_in_this_tour = ("/healthz".to_owned(), "get".to_owned(), 503);
    assert_eq!(
        unprovoked,
        BTreeSet::from([not_in_this_tour]),
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
