//! A real papo on a free port with a fresh database, and a client for it.
//!
//! The database is a SQLite file, or with `PAPO_TEST_BACKEND=postgres` a
//! new database in the test process's throwaway PostgreSQL: the same suite
//! runs against either backend (`make test-rust` runs it on both).

use std::{
    sync::{Mutex, Once},
    time::Duration,
};

use eventsource_stream::{Event, Eventsource};
use futures::{Stream, StreamExt};
use reqwest::{Client, Method, Response};
use serde_json::{json, Value};
use server::{config::Config, startup::Application};

use crate::contract;
use sqlx::Connection;
use tempfile::TempDir;
use tokio_util::sync::CancellationToken;

pub struct TestApp {
    pub address: String,
    /// The server's database, for tests that reach behind its back.
    pub database_url: String,
    pub client: Client,
    shutdown: CancellationToken,
    /// Keeps the database alive for as long as the server runs.
    _database: TestDatabase,
}

/// An empty database of the backend under test, and whatever keeps it.
pub struct TestDatabase {
    pub url: String,
    _data: Option<TempDir>,
}

impl TestDatabase {
    pub async fn new() -> Self {
        match std::env::var("PAPO_TEST_BACKEND").as_deref() {
            Err(_) | Ok("sqlite") => {
                let data = tempfile::tempdir().expect("a temporary directory");
                Self {
                    url: format!("sqlite://{}", data.path().join("papo.db").display()),
                    _data: Some(data),
                }
            }
            Ok("postgres") => Self {
                url: crate::postgres::fresh_database_url().await,
                _data: None,
            },
            Ok(other) => panic!("PAPO_TEST_BACKEND is sqlite or postgres, not {other:?}"),
        }
    }

    /// An empty PostgreSQL database, whichever backend is under test: for
    /// what only PostgreSQL does (several instances on one database).
    pub async fn postgres() -> Self {
        Self {
            url: crate::postgres::fresh_database_url().await,
            _data: None,
        }
    }

    /// The same database reached at another URL (through a proxy);
    /// `self` keeps it alive.
    pub fn reached_at(&self, url: String) -> Self {
        Self { url, _data: None }
    }

    /// The same database for another server; `self` keeps it alive.
    pub fn shared(&self) -> Self {
        Self {
            url: self.url.clone(),
            _data: None,
        }
    }

    /// Runs `sql` on the database behind the server's back.
    pub async fn execute(url: &str, sql: &str) {
        if url.starts_with("postgres") {
            let mut db = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::query(sql).execute(&mut db).await.unwrap();
            db.close().await.unwrap();
        } else {
            let mut db = sqlx::SqliteConnection::connect(url).await.unwrap();
            sqlx::query(sql).execute(&mut db).await.unwrap();
            db.close().await.unwrap();
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Like [`spawn_app`], with the configuration adjusted first.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_on(TestDatabase::new().await, adjust).await
}

/// Like [`spawn_app_with`], on a database the caller keeps (to start a
/// second server on it).
pub async fn spawn_app_on(database: TestDatabase, adjust: impl FnOnce(&mut Config)) -> TestApp {
    capture_logs();
    let mut config = Config::for_tests(database.url.clone());
    adjust(&mut config);
    let database_url = config.database_url.to_string();
    let app = Application::build(config).await.expect("papo builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let shutdown = app.shutdown_token();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        database_url,
        client: Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap(),
        shutdown,
        _database: database,
    }
}

/// A guest who joined, by its Bearer token.
pub struct Guest {
    pub token: String,
}

impl TestApp {
    /// Starts a graceful shutdown, as SIGTERM does.
    pub fn shut_down(&self) {
        self.shutdown.cancel();
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        let mut request = self.client.get(self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        checked(
            Method::GET,
            path,
            request.send().await.expect("request is sent"),
        )
        .await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Response {
        let response = self
            .client
            .delete(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request is sent");
        checked(Method::DELETE, path, response).await
    }

    /// Joins as a guest; returns the guest and its session cookie.
    pub async fn join_with_cookie(&self, name: &str) -> (Guest, String) {
        let response = self
            .post_json("/api/v1/session", &json!({ "name": name }), None)
            .await;
        assert_eq!(response.status(), 201, "joining as {name}");
        let cookie = session_cookie(&response);
        let body: Value = response.json().await.unwrap();
        (
            Guest {
                token: body["token"].as_str().unwrap().to_owned(),
            },
            cookie,
        )
    }

    pub async fn post_json(&self, path: &str, body: &Value, token: Option<&str>) -> Response {
        let mut request = self.client.post(self.url(path)).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        checked(
            Method::POST,
            path,
            request.send().await.expect("request is sent"),
        )
        .await
    }

    pub async fn join(&self, name: &str) -> Guest {
        let response = self
            .post_json("/api/v1/session", &json!({ "name": name }), None)
            .await;
        assert_eq!(response.status(), 201, "joining as {name}");
        let body: Value = response.json().await.unwrap();
        Guest {
            token: body["token"].as_str().unwrap().to_owned(),
        }
    }

    /// Creates a personal API token for `owner`; returns its id and the
    /// token as a credential.
    pub async fn create_api_token(&self, owner: &Guest, label: &str) -> (i64, Guest) {
        let response = self
            .post_json(
                "/api/v1/tokens",
                &json!({ "label": label }),
                Some(&owner.token),
            )
            .await;
        assert_eq!(response.status(), 201, "creating a token");
        let created: Value = response.json().await.unwrap();
        let token = created["token"].as_str().unwrap().to_owned();
        (created["id"].as_i64().unwrap(), Guest { token })
    }

    /// Registers an account (a password is needed to create channels).
    pub async fn register(&self, name: &str) -> Guest {
        let credentials = json!({ "name": name, "password": "correct horse battery staple" });
        let response = self.post_json("/api/v1/users", &credentials, None).await;
        assert_eq!(response.status(), 201, "registering {name}");
        let body: Value = response.json().await.unwrap();
        Guest {
            token: body["token"].as_str().unwrap().to_owned(),
        }
    }

    /// Any request, with an optional JSON body.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
        guest: &Guest,
    ) -> Response {
        let mut request = self
            .client
            .request(method.clone(), self.url(path))
            .bearer_auth(&guest.token);
        if let Some(body) = body {
            request = request.json(body);
        }
        checked(method, path, request.send().await.expect("request is sent")).await
    }

    /// Posts to `channel` and returns the stored message.
    pub async fn post_to(&self, channel: &str, guest: &Guest, body: &str) -> Value {
        let path = format!("/api/v1/channels/{channel}/messages");
        let response = self
            .post_json(&path, &json!({ "body": body }), Some(&guest.token))
            .await;
        assert_eq!(response.status(), 201, "posting to {channel}");
        response.json().await.unwrap()
    }

    /// `by` adds the person called `name` to `channel`.
    pub async fn invite(&self, channel: &str, name: &str, by: &Guest) -> Response {
        let path = format!("/api/v1/channels/{channel}/members");
        self.post_json(&path, &json!({ "name": name }), Some(&by.token))
            .await
    }

    /// Creates a channel as `owner` (a registered account).
    pub async fn create_channel(&self, owner: &Guest, name: &str, private: bool) -> Value {
        let request = json!({ "name": name, "private": private });
        let response = self
            .post_json("/api/v1/channels", &request, Some(&owner.token))
            .await;
        assert_eq!(response.status(), 201, "creating {name}");
        response.json().await.unwrap()
    }

    pub async fn post_message(&self, guest: &Guest, body: &str) -> Response {
        self.post_json(
            "/api/v1/channels/general/messages",
            &json!({ "body": body }),
            Some(&guest.token),
        )
        .await
    }

    /// Opens a live feed and waits until it says `ready`.
    pub async fn open_feed(
        &self,
        path: &str,
        guest: &Guest,
        last_event_id: Option<&str>,
    ) -> impl Stream<Item = Event> + Unpin {
        let mut request = self.client.get(self.url(path)).bearer_auth(&guest.token);
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id);
        }
        let response = checked(
            Method::GET,
            path,
            request.send().await.expect("feed request is sent"),
        )
        .await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        assert_eq!(response.headers()["x-accel-buffering"], "no");
        let path = path.to_owned();
        let mut events = Box::pin(
            response
                .bytes_stream()
                .eventsource()
                .map(|e| e.expect("well-formed SSE"))
                .inspect(move |e| contract::check_event(&path, &e.event, &e.id, &e.data)),
        );
        let mut replayed = Vec::new();
        loop {
            let event = next_event(&mut events).await;
            if event.event == "ready" {
                break;
            }
            replayed.push(event);
        }
        Box::pin(futures::stream::iter(replayed).chain(events))
    }
}

/// `response` to a request for `path`, once checked against the OpenAPI
/// document (see [`contract`]); streams are checked event by event.
pub async fn checked(method: Method, path: &str, response: Response) -> Response {
    if !contract::in_scope(path) {
        return response;
    }
    let status = response.status();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if content_type
        .as_deref()
        .is_some_and(|c| c.starts_with("text/event-stream"))
    {
        contract::check(&method, path, status, content_type.as_deref(), None);
        return response;
    }
    let mut copy = http::Response::builder()
        .status(status)
        .version(response.version());
    for (name, value) in response.headers() {
        copy = copy.header(name, value);
    }
    let body = response.bytes().await.expect("the body arrives");
    contract::check(&method, path, status, content_type.as_deref(), Some(&body));
    Response::from(copy.body(body).expect("a copy of a valid response"))
}

/// The next durable event of a feed (presence and typing skipped), failing
/// the test if none comes within 10 s.
pub async fn next_event(events: &mut (impl Stream<Item = Event> + Unpin)) -> Event {
    loop {
        let event = next_event_of_any_kind(events).await;
        if !domain::events::EPHEMERAL_NAMES.contains(&event.event.as_str()) {
            return event;
        }
    }
}

/// Waits for a feed to end, failing on any durable event before the end
/// (presence and typing may still pass by).
pub async fn assert_feed_ends(events: &mut (impl Stream<Item = Event> + Unpin)) {
    assert_feed_ends_passing(events, |event| {
        domain::events::EPHEMERAL_NAMES.contains(&event.event.as_str())
    })
    .await
}

/// Waits for a feed to end within 10 s, failing on any event before the
/// end that `may_pass` refuses.
pub async fn assert_feed_ends_passing(
    events: &mut (impl Stream<Item = Event> + Unpin),
    may_pass: impl Fn(&Event) -> bool,
) {
    loop {
        let next = tokio::time::timeout(Duration::from_secs(10), events.next())
            .await
            .expect("the feed ends within 10 s");
        match next {
            None => return,
            Some(event) if may_pass(&event) => {}
            Some(event) => panic!("not before the feed ends: {event:?}"),
        }
    }
}

/// The next event of a feed, ephemeral ones included.
pub async fn next_event_of_any_kind(events: &mut (impl Stream<Item = Event> + Unpin)) -> Event {
    tokio::time::timeout(Duration::from_secs(10), events.next())
        .await
        .expect("an event within 10 s")
        .expect("the feed stays open")
}

/// The next event called `name` (about `user`, if given), skipping others,
/// with its data parsed.
pub async fn next_about(
    feed: &mut (impl Stream<Item = Event> + Unpin),
    name: &str,
    user: Option<&str>,
) -> Value {
    loop {
        let event = next_event_of_any_kind(feed).await;
        let data: Value = serde_json::from_str(&event.data).unwrap();
        if event.event == name && user.is_none_or(|u| data["user"] == u) {
            return data;
        }
    }
}

/// The next event of a feed, with its data parsed.
pub async fn next_data(events: &mut (impl Stream<Item = Event> + Unpin)) -> (String, Value) {
    let event = next_event(events).await;
    let data = serde_json::from_str(&event.data).expect("event data is JSON");
    (event.event, data)
}

/// The `name=value` part of a response's `Set-Cookie`, to send back.
pub fn session_cookie(response: &Response) -> String {
    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .expect("a Set-Cookie header");
    set_cookie.split(';').next().unwrap().to_owned()
}

/// Asserts `response` is a JSON error with this status and code, and returns its message.
pub async fn assert_error(response: Response, status: u16, code: &str) -> String {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.expect("a JSON error body");
    assert_eq!(body["error"]["code"], code, "{body}");
    body["error"]["message"]
        .as_str()
        .expect("an error message")
        .to_owned()
}

/// Everything every server in this test binary logged, at every level.
static LOGS: Mutex<Vec<u8>> = Mutex::new(Vec::new());

struct LogCapture;

impl std::io::Write for LogCapture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        LOGS.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(|| LogCapture)
            .try_init();
    });
}

pub fn captured_logs() -> String {
    String::from_utf8_lossy(&LOGS.lock().unwrap()).into_owned()
}
