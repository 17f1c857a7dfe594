use std::time::Duration;

use serde_json::json;

use crate::helpers::{assert_error, spawn_app_with, TestApp};

fn retry_after(response: &reqwest::Response) -> u64 {
    response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .expect("Retry-After in seconds")
}

#[tokio::test]
async fn a_flood_of_messages_gets_429_with_retry_after_and_recovers() {
    let app = spawn_app_with(|config| config.post_rate = "2/1s".parse().unwrap()).await;
    let ana = app.join("ana").await;
    let bia = app.join("bia").await;
    assert_eq!(app.post_message(&ana, "one").await.status(), 201);
    assert_eq!(app.post_message(&ana, "two").await.status(), 201);

    let refused = app.post_message(&ana, "three").await;
    let wait = retry_after(&refused);
    assert!((1..=2).contains(&wait), "Retry-After {wait}");
    let message = assert_error(refused, 429, "rate_limited").await;
    assert!(message.contains("try again"), "{message}");

    assert_eq!(
        app.post_message(&bia, "others are not slowed")
            .await
            .status(),
        201
    );

    // Waiting as long as the server asked is enough.
    tokio::time::sleep(Duration::from_secs(wait)).await;
    assert_eq!(app.post_message(&ana, "three, later").await.status(), 201);
}

#[tokio::test]
async fn opening_sessions_is_limited_per_address() {
    let app = spawn_app_with(|config| config.session_rate = "2/1m".parse().unwrap()).await;
    app.join("ana").await;
    app.join("bia").await;
    let refused = app
        .post_json("/api/v1/session", &json!({ "name": "cai" }), None)
        .await;
    let wait = retry_after(&refused);
    assert!((25..=30).contains(&wait), "Retry-After {wait}");
    assert_error(refused, 429, "rate_limited").await;
}

#[tokio::test]
async fn off_turns_a_limit_off() {
    let app = spawn_app_with(|config| config.post_rate = "off".parse().unwrap()).await;
    let ana = app.join("ana").await;
    for n in 0..30 {
        assert_eq!(app.post_message(&ana, &format!("m{n}")).await.status(), 201);
    }
}

/// Opens a session with `body` through a proxy that says the client is
/// `client`.
async fn open_session_from(app: &TestApp, body: serde_json::Value, client: &str) -> u16 {
    let response = app
        .client
        .post(app.url("/api/v1/session"))
        .header("x-forwarded-for", client)
        .json(&body)
        .send()
        .await
        .unwrap();
    response.status().as_u16()
}

/// Joins as `name` through a proxy that says the client is `client`.
async fn join_from(app: &TestApp, name: &str, client: &str) -> u16 {
    open_session_from(app, json!({ "name": name }), client).await
}

/// A server behind a proxy on 127.0.0.1 (as `proxy` writes it), whose
/// limits `adjust` sets.
async fn behind_a_proxy(proxy: &str, adjust: impl FnOnce(&mut server::config::Config)) -> TestApp {
    let proxies = server::http::client_address::TrustedProxies::parse(proxy).unwrap();
    spawn_app_with(|config| {
        config.trusted_proxies = proxies;
        adjust(config);
    })
    .await
}

#[tokio::test]
async fn sign_in_attempts_count_for_the_account_however_its_name_is_written() {
    let app = behind_a_proxy("127.0.0.1", |config| {
        config.login_rate = "3/1m".parse().unwrap()
    })
    .await;
    app.register("ana").await;
    // From three clients, so that only the account's limit is shared.
    for (n, written) in [" ana", "ANA", "ana\u{a0}"].into_iter().enumerate() {
        let guess = json!({ "name": written, "password": "a wrong guess" });
        let status = open_session_from(&app, guess, &format!("203.0.113.{n}")).await;
        assert_eq!(status, 401, "{written:?}");
    }
    let right = json!({ "name": "ana", "password": "correct horse battery staple" });
    assert_eq!(
        open_session_from(&app, right, "203.0.113.9").await,
        429,
        "the account has spent its attempts"
    );
}

/// A server behind a proxy on 127.0.0.1 (as `proxy` writes it) that lets
/// each client open one session a minute.
async fn one_session_a_minute_behind(proxy: &str) -> TestApp {
    behind_a_proxy(proxy, |config| {
        config.session_rate = "1/1m".parse().unwrap()
    })
    .await
}

/// Joins as each name from its client, in turn, with the status expected.
async fn assert_joins(app: &TestApp, joins: &[(&str, &str, u16)]) {
    for &(name, client, expected) in joins {
        let status = join_from(app, name, client).await;
        assert_eq!(status, expected, "{name} from {client}");
    }
}

#[tokio::test]
async fn an_ipv6_client_is_limited_by_its_64_network() {
    let app = one_session_a_minute_behind("127.0.0.1").await;
    assert_joins(
        &app,
        &[
            ("ana", "2001:db8:1:2::1", 201),
            ("bia", "2001:db8:1:2::2", 429),
            ("cai", "2001:db8:1:3::1", 201),
        ],
    )
    .await;
}

#[tokio::test]
async fn an_ipv4_mapped_client_is_limited_as_its_ipv4_address() {
    let app = one_session_a_minute_behind("127.0.0.1").await;
    assert_joins(
        &app,
        &[
            ("ana", "192.0.2.1", 201),
            ("bia", "::ffff:192.0.2.1", 429),
            ("cai", "::ffff:192.0.2.2", 201),
        ],
    )
    .await;
}

#[tokio::test]
async fn a_proxy_listed_as_an_ipv4_mapped_address_is_trusted() {
    let app = one_session_a_minute_behind("::ffff:127.0.0.1").await;
    assert_joins(
        &app,
        &[("ana", "203.0.113.1", 201), ("bia", "203.0.113.2", 201)],
    )
    .await;
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_limit() {
    let app = one_session_a_minute_behind("127.0.0.1").await;
    // What a client writes left of what the proxy saw is not believed.
    assert_joins(
        &app,
        &[
            ("ana", "203.0.113.1", 201),
            ("bia", "203.0.113.2", 201),
            ("cai", "198.51.100.7, 203.0.113.1", 429),
        ],
    )
    .await;
}

#[tokio::test]
async fn without_trusted_proxies_a_forwarded_for_header_changes_nothing() {
    let app = spawn_app_with(|config| config.session_rate = "1/1m".parse().unwrap()).await;
    assert_eq!(join_from(&app, "ana", "203.0.113.1").await, 201);
    assert_eq!(
        join_from(&app, "bia", "203.0.113.2").await,
        429,
        "the same peer"
    );
}
