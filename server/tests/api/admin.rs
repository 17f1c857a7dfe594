//! The admin page and its stats stream: for admins only (the account
//! registered first, or those `PAPO_ADMINS` names); everyone else, signed
//! in or not, is told there is no such thing (404, never 403).

use std::time::Duration;

use eventsource_stream::Eventsource;
use futures::{Stream, StreamExt};
use serde_json::Value;

use crate::helpers::{assert_error, spawn_app, spawn_app_with, Guest, TestApp};

const STATS: &str = "/api/v1/admin/stats";

/// Opens the stats stream as `admin`; its samples, parsed.
async fn follow_stats(app: &TestApp, admin: &Guest) -> impl Stream<Item = Value> + Unpin {
    // Without the test client's overall timeout: the stream is endless,
    // and each wait below has its own.
    let response = reqwest::Client::new()
        .get(app.url(STATS))
        .bearer_auth(&admin.token)
        .send()
        .await
        .expect("request is sent");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    assert_eq!(response.headers()["x-accel-buffering"], "no");
    Box::pin(response.bytes_stream().eventsource().map(|event| {
        let event = event.expect("well-formed SSE");
        assert_eq!(event.event, "stats");
        serde_json::from_str(&event.data).expect("a sample is JSON")
    }))
}

/// The first sample that satisfies `wanted`, failing after 10 s.
async fn sample_where(
    samples: &mut (impl Stream<Item = Value> + Unpin),
    wanted: impl Fn(&Value) -> bool,
) -> Value {
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let sample = samples.next().await.expect("the stream stays open");
            if wanted(&sample) {
                return sample;
            }
        }
    })
    .await
    .expect("such a sample within 10 s")
}

async fn assert_hidden(app: &TestApp, token: Option<&str>) {
    assert_error(app.get(STATS, token).await, 404, "not_found").await;
    let page = app.get("/admin", token).await;
    assert_eq!(page.status(), 404);
    let html = page.text().await.unwrap();
    assert!(html.contains("Page not found."));
    assert!(!html.contains("Server stats"));
}

#[tokio::test]
async fn the_first_registered_account_is_the_admin_and_nobody_else() {
    let app = spawn_app().await;
    // Cy joins before anyone registers, and registers after Ana.
    let (cy_guest, _) = app.join_with_cookie("cy").await;
    let ana = app.register("ana").await;
    let bo = app.register("bo").await;
    let guest = app.join("dee").await;

    assert_hidden(&app, None).await;
    assert_hidden(&app, Some(&guest.token)).await;
    assert_hidden(&app, Some(&bo.token)).await;
    assert_hidden(&app, Some(&cy_guest.token)).await;
    let cy = app
        .send(
            reqwest::Method::POST,
            "/api/v1/users",
            Some(&serde_json::json!({ "name": "cy", "password": "correct horse battery staple" })),
            &cy_guest,
        )
        .await;
    assert_eq!(cy.status(), 201);
    let cy: Value = cy.json().await.unwrap();
    let cy = Guest {
        token: cy["token"].as_str().unwrap().to_owned(),
    };
    assert_hidden(&app, Some(&cy.token)).await;

    let page = app.get("/admin", Some(&ana.token)).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Server stats"), "{html}");
    let mut samples = follow_stats(&app, &ana).await;
    let sample = sample_where(&mut samples, |_| true).await;
    for field in [
        "at",
        "connections",
        "messages_per_second",
        "p99_delivery_ms",
        "database_bytes",
    ] {
        assert!(sample.get(field).is_some(), "{field} in {sample}");
    }
    assert!(sample["database_bytes"].as_u64().unwrap() > 0, "{sample}");

    let settings = app.get("/settings", Some(&ana.token)).await;
    assert!(settings.text().await.unwrap().contains("id=\"admin-link\""));
    let settings = app.get("/settings", Some(&bo.token)).await;
    assert!(!settings.text().await.unwrap().contains("admin-link"));
}

#[tokio::test]
async fn papo_admins_names_the_admins_instead_of_the_first_account() {
    let app = spawn_app_with(|config| {
        config.admins = vec![
            domain::Nickname::parse("Bo").unwrap(),
            domain::Nickname::parse("eve").unwrap(),
        ];
    })
    .await;
    let ana = app.register("ana").await;
    let bo = app.register("bo").await;
    // A guest under an admin's name is still a guest.
    let eve = app.join("eve").await;

    assert_hidden(&app, Some(&ana.token)).await;
    assert_hidden(&app, Some(&eve.token)).await;
    let mut samples = follow_stats(&app, &bo).await;
    sample_where(&mut samples, |_| true).await;
}

#[tokio::test]
async fn the_stats_count_open_feeds_messages_and_delivery_latency() {
    let app = spawn_app().await;
    let ana = app.register("ana").await;
    let bo = app.join("bo").await;
    let mut samples = follow_stats(&app, &ana).await;
    // The stats stream itself is not a feed.
    sample_where(&mut samples, |s| s["connections"] == 0).await;

    let _ana_feed = app.open_feed("/api/v1/events", &ana, None).await;
    let bo_feed = app.open_feed("/api/v1/events", &bo, None).await;
    sample_where(&mut samples, |s| s["connections"] == 2).await;

    for i in 0..5 {
        app.post_to("general", &bo, &format!("counted {i}")).await;
    }
    let busy = sample_where(&mut samples, |s| {
        s["messages_per_second"].as_f64().unwrap() > 0.0
    })
    .await;
    // Delivered to both feeds, in the same interval or the next.
    if !busy["p99_delivery_ms"].is_f64() {
        sample_where(&mut samples, |s| s["p99_delivery_ms"].is_f64()).await;
    }

    drop(bo_feed);
    sample_where(&mut samples, |s| s["connections"] == 1).await;
}

#[tokio::test]
async fn a_new_follower_gets_the_last_minute_at_once() {
    let app = spawn_app().await;
    let ana = app.register("ana").await;
    let mut first = follow_stats(&app, &ana).await;
    for _ in 0..3 {
        sample_where(&mut first, |_| true).await;
    }
    let mut second = follow_stats(&app, &ana).await;
    let started = std::time::Instant::now();
    let mut times = Vec::new();
    for _ in 0..3 {
        times.push(
            sample_where(&mut second, |_| true).await["at"]
                .as_i64()
                .unwrap(),
        );
    }
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "the history comes at once, not one a second"
    );
    assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
}

#[tokio::test]
async fn the_stream_ends_when_the_admin_signs_out_or_the_server_stops() {
    let app = spawn_app().await;
    let ana = app.register("ana").await;
    let mut samples = follow_stats(&app, &ana).await;
    sample_where(&mut samples, |_| true).await;
    assert_eq!(
        app.delete("/api/v1/session", &ana.token).await.status(),
        204
    );
    assert_stream_ends(&mut samples).await;
    assert_hidden(&app, Some(&ana.token)).await;

    // A personal API token works too; the stream ends on shutdown.
    let app = spawn_app().await;
    let ana = app.register("ana").await;
    let (_, ana_token) = app.create_api_token(&ana, "dashboard").await;
    let mut samples = follow_stats(&app, &ana_token).await;
    sample_where(&mut samples, |_| true).await;
    app.shut_down();
    assert_stream_ends(&mut samples).await;
}

async fn assert_stream_ends(samples: &mut (impl Stream<Item = Value> + Unpin)) {
    tokio::time::timeout(Duration::from_secs(10), async {
        while samples.next().await.is_some() {}
    })
    .await
    .expect("the stream ends within 10 s");
}
