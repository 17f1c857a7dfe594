//! Several instances of papo on one PostgreSQL database: an event written
//! through any of them reaches the readers of all of them, in id order,
//! without gaps, and a reader may resume on any instance. Also what an
//! outage of that database looks like.

use std::{collections::BTreeSet, net::SocketAddr};

use futures::{future::join_all, Stream};
use sqlx::Connection;
use tokio::net::{TcpListener, TcpStream};

use serde_json::json;

use crate::helpers::{
    assert_error, assert_feed_ends, next_about, next_data, next_event, next_event_of_any_kind,
    spawn_app_on, Guest, TestApp, TestDatabase,
};

/// Two instances on one new PostgreSQL database, and that database.
async fn two_instances() -> (TestApp, TestApp, TestDatabase) {
    let database = TestDatabase::postgres().await;
    let a = spawn_app_on(database.shared(), |_| {}).await;
    let b = spawn_app_on(database.shared(), |_| {}).await;
    (a, b, database)
}

/// The ids of every stored message event, in order.
async fn stored_message_event_ids(database: &TestDatabase) -> Vec<String> {
    let mut db = sqlx::PgConnection::connect(&database.url).await.unwrap();
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM events WHERE kind = 'message' ORDER BY id")
            .fetch_all(&mut db)
            .await
            .unwrap();
    ids.into_iter().map(|id| id.to_string()).collect()
}

/// The ids of the next `count` message events of a feed.
async fn next_message_ids(
    feed: &mut (impl Stream<Item = eventsource_stream::Event> + Unpin),
    count: usize,
) -> Vec<String> {
    let mut ids = Vec::new();
    while ids.len() < count {
        let event = next_event(feed).await;
        if event.event == "message" {
            ids.push(event.id);
        }
    }
    ids
}

#[tokio::test]
async fn a_message_posted_on_one_instance_reaches_readers_of_the_other() {
    let (a, b, _database) = two_instances().await;
    let ana = a.join("ana").await;
    let bob = b.join("bob").await;
    let mut bobs_feed = b.open_feed("/api/v1/events", &bob, None).await;
    let mut anas_feed = a.open_feed("/api/v1/events", &ana, None).await;

    let posted = a.post_to("general", &ana, "from instance A").await;

    for feed in [&mut bobs_feed, &mut anas_feed] {
        let (kind, data) = loop {
            let (kind, data) = next_data(feed).await;
            if kind == "message" {
                break (kind, data);
            }
        };
        assert_eq!(kind, "message");
        assert_eq!(data["body"], "from instance A");
        assert_eq!(data["id"], posted["id"]);
    }
}

#[tokio::test]
async fn concurrent_writers_on_two_instances_never_make_a_reader_skip_an_id() {
    const PER_WRITER: usize = 25;
    let (a, b, database) = two_instances().await;
    let reader = a.join("reader").await;
    let mut on_a = a.open_feed("/api/v1/events", &reader, None).await;
    let mut on_b = b.open_feed("/api/v1/events", &reader, None).await;

    let mut writers: Vec<(&TestApp, Guest)> = Vec::new();
    for (n, app) in [&a, &b, &a, &b].into_iter().enumerate() {
        writers.push((app, app.join(&format!("writer{n}")).await));
    }
    join_all(writers.iter().map(|(app, writer)| async move {
        for i in 0..PER_WRITER {
            app.post_to("general", writer, &format!("message {i}"))
                .await;
        }
    }))
    .await;

    let stored = stored_message_event_ids(&database).await;
    assert_eq!(stored.len(), 4 * PER_WRITER);
    for feed in [&mut on_a, &mut on_b] {
        let seen = next_message_ids(feed, stored.len()).await;
        assert_eq!(seen, stored, "every id, once, in order");
    }
}

#[tokio::test]
async fn a_reader_resumes_on_the_other_instance_without_gap_or_duplicate() {
    let (a, b, database) = two_instances().await;
    let ana = a.join("ana").await;
    let bob = b.join("bob").await;
    let mut feed = a.open_feed("/api/v1/events", &ana, None).await;
    a.post_to("general", &ana, "seen on A").await;
    let last_seen = next_message_ids(&mut feed, 1).await.remove(0);
    drop(feed);

    for i in 0..5 {
        a.post_to("general", &ana, &format!("missed {i} on A"))
            .await;
        b.post_to("general", &bob, &format!("missed {i} on B"))
            .await;
    }
    let mut resumed = b.open_feed("/api/v1/events", &ana, Some(&last_seen)).await;
    let missed = next_message_ids(&mut resumed, 10).await;

    let stored = stored_message_event_ids(&database).await;
    assert_eq!(stored[0], last_seen);
    assert_eq!(missed, stored[1..]);
    let unique: BTreeSet<_> = missed.iter().collect();
    assert_eq!(unique.len(), missed.len(), "no duplicate");
}

#[tokio::test]
async fn revoking_on_one_instance_ends_the_feeds_on_the_other() {
    let (a, b, _database) = two_instances().await;
    let laptop = a.register("ana").await;
    let (token_id, bot) = a.create_api_token(&laptop, "bot").await;
    let bob = a.join("bob").await;
    let mut laptop_on_b = b.open_feed("/api/v1/events", &laptop, None).await;
    let mut bot_on_b = b.open_feed("/api/v1/events", &bot, None).await;
    let mut bob_on_b = b.open_feed("/api/v1/events", &bob, None).await;

    let revoke = format!("/api/v1/tokens/{token_id}");
    assert_eq!(a.delete(&revoke, &laptop.token).await.status(), 204);
    assert_feed_ends(&mut bot_on_b).await;
    assert_eq!(
        a.delete("/api/v1/session", &laptop.token).await.status(),
        204
    );
    assert_feed_ends(&mut laptop_on_b).await;

    let posted = a.post_to("general", &bob, "bob's feed is still live").await;
    let seen = next_message_ids(&mut bob_on_b, 1).await;
    assert_eq!(seen, [posted["id"].to_string()]);
}

#[tokio::test]
async fn retiring_a_guest_on_one_instance_ends_its_feeds_on_the_other() {
    let (a, b, _database) = two_instances().await;
    let ana = a.join("ana").await;
    let mut ana_on_b = b.open_feed("/api/v1/events", &ana, None).await;
    crate::guest_names::expire_sessions_behind_the_feeds(&a, "ana").await;
    a.join("ana").await;
    assert_feed_ends(&mut ana_on_b).await;
}

/// A TCP proxy between papo and its database that can cut the line, as an
/// outage would: connections drop and new ones are refused until it is
/// back on the same port.
/// The host and port of a `postgres://user@host:port/name` URL.
fn address_and_port(url: &str) -> (&str, u16) {
    let authority = url.split('@').nth(1).unwrap().split('/').next().unwrap();
    let (address, port) = authority.rsplit_once(':').unwrap();
    (address, port.parse().unwrap())
}

struct Line {
    port: u16,
    database: SocketAddr,
    carrying: Option<tokio::task::JoinHandle<()>>,
}

impl Line {
    async fn to(database: &TestDatabase) -> Line {
        let (_, port) = address_and_port(&database.url);
        let database = SocketAddr::from(([127, 0, 0, 1], port));
        let port = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut line = Line {
            port,
            database,
            carrying: None,
        };
        line.restore().await;
        line
    }

    /// `database`'s URL, through this line.
    fn url(&self, database: &TestDatabase) -> String {
        let (address, port) = address_and_port(&database.url);
        database.url.replacen(
            &format!("{address}:{port}"),
            &format!("{address}:{}", self.port),
            1,
        )
    }

    async fn restore(&mut self) {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await.unwrap();
        let database = self.database;
        self.carrying = Some(tokio::spawn(async move {
            // Dropped with this task when the line is cut: every copy stops.
            let mut connections = tokio::task::JoinSet::new();
            loop {
                let (mut client, _) = listener.accept().await.unwrap();
                connections.spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(database).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        }));
    }

    async fn cut(&mut self) {
        if let Some(carrying) = self.carrying.take() {
            carrying.abort();
            let _ = carrying.await;
        }
    }
}

#[tokio::test]
async fn during_a_database_outage_writes_get_503_readers_stay_and_all_recovers() {
    let database = TestDatabase::postgres().await;
    let mut line = Line::to(&database).await;
    let through_the_line = database.reached_at(line.url(&database));
    let app = spawn_app_on(through_the_line, |config| {
        config.db_pool.acquire_timeout = std::time::Duration::from_millis(500);
    })
    .await;
    let ana = app.join("ana").await;
    let mut feed = app.open_feed("/api/v1/events", &ana, None).await;

    line.cut().await;
    let refused = app
        .post_json(
            "/api/v1/channels/general/messages",
            &serde_json::json!({ "body": "during the outage" }),
            Some(&ana.token),
        )
        .await;
    let message = assert_error(refused, 503, "unavailable").await;
    assert!(message.contains("database"), "{message}");
    assert_eq!(app.get("/healthz", None).await.status(), 503);

    line.restore().await;
    let mut healthy = false;
    for _ in 0..100 {
        if app.get("/healthz", None).await.status() == 200 {
            healthy = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(healthy, "papo recovers once the database is back");
    let posted = app.post_to("general", &ana, "after the outage").await;
    let seen = next_message_ids(&mut feed, 1).await;
    assert_eq!(
        seen,
        [posted["id"].to_string()],
        "the same feed, still open"
    );
}

#[tokio::test]
async fn a_message_inserted_by_another_program_reaches_readers_of_every_instance() {
    let (a, b, database) = two_instances().await;
    let ana = a.join("ana").await;
    let mut on_a = a.open_feed("/api/v1/events", &ana, None).await;
    let mut on_b = b.open_feed("/api/v1/events", &ana, None).await;

    TestDatabase::execute(
        &database.url,
        "INSERT INTO messages (channel_id, author_id, body, created_at) \
         SELECT c.id, u.id, 'written by <another> program', 1800000000000 \
         FROM channels c, users u WHERE c.name = 'general' AND u.name = 'ana'",
    )
    .await;

    for feed in [&mut on_a, &mut on_b] {
        let data = loop {
            let (kind, data) = next_data(feed).await;
            if kind == "message" {
                break data;
            }
        };
        assert_eq!(data["body"], "written by <another> program");
        assert_eq!(data["author"], "ana");
        let html = data["html"].as_str().unwrap();
        assert!(
            html.contains("&lt;another&gt;") && !html.contains("<another>"),
            "shown as plain text: {html}"
        );
    }
}

/// The members of #general online now, as the page loaded by `cookie`'s
/// owner on `app` lists them.
async fn online_in_general(app: &TestApp, cookie: &str) -> Vec<String> {
    use leptos::server_fn::ServerFn;
    let response = app
        .client
        .post(app.url(app::server_fns::LoadChat::PATH))
        .header("accept", "application/json")
        .header("cookie", cookie)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let snapshot: serde_json::Value = response.json().await.unwrap();
    let mut online: Vec<String> = snapshot["online"]
        .as_array()
        .expect("the online members")
        .iter()
        .map(|name| name.as_str().unwrap().to_owned())
        .collect();
    online.sort();
    online
}

/// Waits until the database has `user`'s feeds on `count` instances
/// (an instance records its last feed closing after the grace period).
async fn wait_for_instances_with(database: &TestDatabase, user: &str, count: i64) {
    let mut db = sqlx::PgConnection::connect(&database.url).await.unwrap();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let now: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM presence p JOIN users u ON u.id = p.user_id WHERE u.name = $1",
        )
        .bind(user)
        .fetch_one(&mut db)
        .await
        .unwrap();
        if now == count {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{user} is on {now} instances, not {count}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn someone_online_on_one_instance_is_online_on_every_instance_until_their_last_feed_closes() {
    let (a, b, database) = two_instances().await;
    let (ana, anas_cookie) = b.join_with_cookie("ana").await;
    let bob = a.join("bob").await;
    let mut anas = b.open_feed("/api/v1/events", &ana, None).await;

    let tab_on_a = a.open_feed("/api/v1/events", &bob, None).await;
    let online = next_about(&mut anas, "member_online", Some("bob")).await;
    assert_eq!(online, json!({ "channel": "general", "user": "bob" }));
    assert_eq!(online_in_general(&b, &anas_cookie).await, ["ana", "bob"]);

    // A tab on the other instance, then the first one closes.
    let tab_on_b = b.open_feed("/api/v1/events", &bob, None).await;
    wait_for_instances_with(&database, "bob", 2).await;
    drop(tab_on_a);
    wait_for_instances_with(&database, "bob", 1).await;
    b.post_to("general", &ana, "marker").await;
    loop {
        let event = next_event_of_any_kind(&mut anas).await;
        assert_ne!(event.event, "member_offline", "bob has a tab open on B");
        if event.event == "message" {
            break;
        }
    }
    assert_eq!(online_in_general(&b, &anas_cookie).await, ["ana", "bob"]);

    drop(tab_on_b);
    let offline = next_about(&mut anas, "member_offline", Some("bob")).await;
    assert_eq!(offline, json!({ "channel": "general", "user": "bob" }));
    assert_eq!(online_in_general(&b, &anas_cookie).await, ["ana"]);
    assert_eq!(online_in_general(&a, &anas_cookie).await, ["ana"]);
}

#[tokio::test]
async fn typing_on_one_instance_reaches_readers_of_the_other() {
    let (a, b, _database) = two_instances().await;
    let ana = b.join("ana").await;
    let bob = a.join("bob").await;
    let mut anas = b.open_feed("/api/v1/events", &ana, None).await;

    let typing = a
        .send(
            reqwest::Method::POST,
            "/api/v1/channels/general/typing",
            None,
            &bob,
        )
        .await;
    assert_eq!(typing.status(), 204);
    let heard = next_about(&mut anas, "typing", None).await;
    assert_eq!(heard, json!({ "channel": "general", "user": "bob" }));
}

#[tokio::test]
async fn an_instance_that_stops_takes_offline_at_once_those_only_it_had() {
    let (a, b, _database) = two_instances().await;
    let ana = b.join("ana").await;
    let bob = a.join("bob").await;
    let mut anas = b.open_feed("/api/v1/events", &ana, None).await;
    let mut bobs = a.open_feed("/api/v1/events", &bob, None).await;
    next_about(&mut anas, "member_online", Some("bob")).await;

    a.shut_down();
    assert_feed_ends(&mut bobs).await;
    // Long before the others would take A for dead (cluster::STALE_AFTER).
    let offline = next_about(&mut anas, "member_offline", Some("bob")).await;
    assert_eq!(offline, json!({ "channel": "general", "user": "bob" }));
}
