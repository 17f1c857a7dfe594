//! `/metrics`: who may read it, the series operators watch, and that they
//! move when messages flow. One recorder serves the whole test process, so
//! each test checks how much a value grew, never its exact value.

use std::collections::HashMap;

use server::{config::Config, http::metrics_access::MetricsAccess};

use crate::helpers::{assert_error, next_event, spawn_app, spawn_app_with, TestApp};

/// The Bearer token of the scraper of [`scraped`] servers.
const SCRAPER: &str = "scraper-s3cret";

/// A server whose metrics [`scrape`] reads.
fn scraped(config: &mut Config) {
    config.metrics = MetricsAccess::Token(SCRAPER.into());
}

/// The exposition, as a Prometheus server would scrape it.
async fn scrape(app: &TestApp) -> String {
    let response = app.get("/metrics", Some(SCRAPER)).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    response.text().await.unwrap()
}

/// The sum of the samples of `name` whose labels include `labels`.
fn sample(exposition: &str, name: &str, labels: &[(&str, &str)]) -> f64 {
    exposition
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (series, value) = line.rsplit_once(' ')?;
            let (series_name, series_labels) = match series.split_once('{') {
                Some((n, rest)) => (n, parse_labels(rest.trim_end_matches('}'))),
                None => (series, HashMap::new()),
            };
            let wanted = series_name == name
                && labels
                    .iter()
                    .all(|(k, v)| series_labels.get(*k).map(String::as_str) == Some(*v));
            wanted.then(|| value.parse::<f64>().expect("a number"))
        })
        .sum()
}

fn parse_labels(raw: &str) -> HashMap<String, String> {
    raw.split("\",")
        .filter_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            Some((key.to_owned(), value.trim_matches('"').to_owned()))
        })
        .collect()
}

#[tokio::test]
async fn the_series_move_when_messages_flow() {
    let app = spawn_app_with(scraped).await;
    let ana = app.join("ana").await;
    let mut feed = app.open_feed("/api/v1/events", &ana, None).await;
    let before = scrape(&app).await;

    for i in 0..3 {
        app.post_to("general", &ana, &format!("counted {i}")).await;
    }
    let mut seen = 0;
    while seen < 3 {
        if next_event(&mut feed).await.event == "message" {
            seen += 1;
        }
    }
    let after = scrape(&app).await;

    let grew = |name: &str, labels: &[(&str, &str)]| {
        sample(&after, name, labels) - sample(&before, name, labels)
    };
    assert!(
        sample(&after, "papo_sse_connections", &[]) >= 1.0,
        "{after}"
    );
    assert!(grew("papo_events_published_total", &[]) >= 3.0);
    assert!(grew("papo_messages_total", &[]) >= 3.0);
    assert!(grew("papo_events_delivered_total", &[("path", "live")]) >= 3.0);
    assert!(grew("papo_delivery_latency_seconds_count", &[]) >= 3.0);
    assert!(grew("papo_delivery_latency_seconds_bucket", &[("le", "+Inf")]) >= 3.0);
    let posted = [
        ("method", "POST"),
        ("route", "/api/v1/channels/{channel}/messages"),
        ("status", "201"),
    ];
    assert!(grew("papo_http_requests_total", &posted) >= 3.0, "{after}");
    assert!(grew("papo_http_request_duration_seconds_count", &posted[..2]) >= 3.0);
    assert!(
        grew(
            "papo_db_query_duration_seconds_count",
            &[("operation", "insert_messages")]
        ) >= 1.0,
        "messages are stored in group commits: at least one"
    );
}

#[tokio::test]
async fn a_resumed_feed_counts_its_replayed_events() {
    let app = spawn_app_with(scraped).await;
    let ana = app.join("ana").await;
    app.post_to("general", &ana, "before").await;
    let before = scrape(&app).await;
    let mut resumed = app.open_feed("/api/v1/events", &ana, Some("0")).await;
    assert_eq!(next_event(&mut resumed).await.event, "message");
    let after = scrape(&app).await;
    let replayed = [("path", "replay")];
    assert!(
        sample(&after, "papo_events_delivered_total", &replayed)
            - sample(&before, "papo_events_delivered_total", &replayed)
            >= 1.0
    );
}

#[tokio::test]
async fn rate_limit_refusals_are_counted_by_limit() {
    let app = spawn_app_with(|config| {
        scraped(config);
        config.post_rate = "1/1m".parse().unwrap();
    })
    .await;
    let ana = app.join("ana").await;
    let refused = [("limit", "post")];
    let before = sample(&scrape(&app).await, "papo_rate_limited_total", &refused);
    app.post_to("general", &ana, "allowed").await;
    let response = app.post_message(&ana, "refused").await;
    assert_error(response, 429, "rate_limited").await;
    let after = sample(&scrape(&app).await, "papo_rate_limited_total", &refused);
    assert!(after - before >= 1.0);
}

#[tokio::test]
async fn without_a_setting_there_are_no_metrics_to_see() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    assert_error(app.get("/metrics", None).await, 404, "not_found").await;
    assert_error(
        app.get("/metrics", Some(&ana.token)).await,
        404,
        "not_found",
    )
    .await;
    assert_error(app.get("/metrics", Some("")).await, 404, "not_found").await;
}

#[tokio::test]
async fn metrics_opened_on_purpose_need_no_token() {
    let app = spawn_app_with(|config| config.metrics = MetricsAccess::Open).await;
    let response = app.get("/metrics", None).await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("# TYPE"));
}

#[tokio::test]
async fn with_a_metrics_token_only_its_bearer_reads_the_metrics() {
    let app = spawn_app_with(|config| config.metrics = MetricsAccess::Token("s3cret".into())).await;
    assert_error(app.get("/metrics", None).await, 404, "not_found").await;
    assert_error(app.get("/metrics", Some("wrong")).await, 404, "not_found").await;
    let response = app.get("/metrics", Some("s3cret")).await;
    assert_eq!(response.status(), 200);
    let exposition = response.text().await.unwrap();
    assert!(
        exposition.contains("# TYPE papo_sse_connections gauge"),
        "{exposition}"
    );
}
