//! Prometheus metrics, served at `/metrics` in the text format (by
//! `http::api::metrics`; this module serves nothing itself).
//!
//! The `metrics` crate's macros record; `metrics-exporter-prometheus` keeps
//! the values and renders them. One recorder serves the whole process
//! (installed on first use), so instances started in one test process share
//! it. The series:
//!
//! - `papo_sse_connections`: live feeds open now;
//! - `papo_events_published_total`: durable events handed to the hub;
//! - `papo_events_delivered_total{path="live"|"replay"}`: durable events
//!   handed to feeds' connections, live or replayed on resume;
//! - `papo_delivery_latency_seconds`: from an event reaching the hub to a
//!   feed handing it to its connection (live events only);
//! - `papo_messages_total`: messages stored;
//! - `papo_http_requests_total{method,route,status}` and
//!   `papo_http_request_duration_seconds{method,route}` (see [`http`]);
//! - `papo_db_query_duration_seconds{operation}`: each storage call (see
//!   [`store`]);
//! - `papo_rate_limited_total{limit}`: requests refused by a rate limit;
//! - `papo_feed_catch_ups_total` and `papo_hub_lagged_events_total`: feeds
//!   that fell behind the hub's buffer and caught up from the database, and
//!   how many events they had to read back.

pub(crate) mod http;
pub(crate) mod store;

use crate::ops::stats::Counters;

use std::{
    sync::{Arc, OnceLock},
    time::{Duration, Instant},
};

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

const SSE_CONNECTIONS: &str = "papo_sse_connections";
const EVENTS_PUBLISHED: &str = "papo_events_published_total";
const EVENTS_DELIVERED: &str = "papo_events_delivered_total";
const DELIVERY_LATENCY: &str = "papo_delivery_latency_seconds";
const MESSAGES: &str = "papo_messages_total";
const RATE_LIMITED: &str = "papo_rate_limited_total";
const FEED_CATCH_UPS: &str = "papo_feed_catch_ups_total";
const HUB_LAGGED_EVENTS: &str = "papo_hub_lagged_events_total";

/// Histogram buckets for latencies, in seconds: from half a millisecond
/// (a delivery on an idle server) to five seconds (something is wrong).
const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// How often the recorder drains its histograms when nobody scrapes.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// The process's recorder, installed on first use.
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
            .expect("the buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        if ::metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder was installed first; /metrics stays empty");
        }
        let upkeep = handle.clone();
        std::thread::spawn(move || loop {
            std::thread::sleep(UPKEEP_EVERY);
            upkeep.run_upkeep();
        });
        describe();
        handle
    })
}

/// What each series means, for `# HELP` lines.
fn describe() {
    ::metrics::describe_gauge!(SSE_CONNECTIONS, "Live feeds (SSE) open now.");
    ::metrics::describe_counter!(EVENTS_PUBLISHED, "Durable events handed to the hub.");
    ::metrics::describe_counter!(
        EVENTS_DELIVERED,
        "Durable events handed to feeds' connections (live or replayed)."
    );
    ::metrics::describe_histogram!(
        DELIVERY_LATENCY,
        ::metrics::Unit::Seconds,
        "From an event reaching the hub to a feed handing it to its connection."
    );
    ::metrics::describe_counter!(MESSAGES, "Messages stored.");
    ::metrics::describe_counter!(RATE_LIMITED, "Requests refused by a rate limit.");
    ::metrics::describe_counter!(
        FEED_CATCH_UPS,
        "Feeds that fell behind the hub and caught up from the database."
    );
    ::metrics::describe_counter!(
        HUB_LAGGED_EVENTS,
        "Events feeds missed in the hub and read back from the database."
    );
    http::describe();
    store::describe();
}

/// What one live feed records, while it is open (counted in
/// `papo_sse_connections`, and in its instance's [`Counters`] for the
/// admin page). It holds its series' handles, so that recording a
/// delivery is an atomic add, not a registry lookup.
pub struct FeedMeters {
    live: ::metrics::Counter,
    replayed: ::metrics::Counter,
    latency: ::metrics::Histogram,
    instance: Arc<Counters>,
}

impl FeedMeters {
    pub fn open(instance: Arc<Counters>) -> Self {
        ::metrics::gauge!(SSE_CONNECTIONS).increment(1);
        instance.feed_opened();
        Self {
            live: ::metrics::counter!(EVENTS_DELIVERED, "path" => "live"),
            replayed: ::metrics::counter!(EVENTS_DELIVERED, "path" => "replay"),
            latency: ::metrics::histogram!(DELIVERY_LATENCY),
            instance,
        }
    }

    /// The feed hands a live event, which reached the hub at
    /// `handed_over`, to its connection.
    pub fn live_event(&self, handed_over: Instant) {
        let latency = handed_over.elapsed();
        self.live.increment(1);
        self.latency.record(latency.as_secs_f64());
        self.instance.delivered(latency);
    }

    pub fn replayed_event(&self) {
        self.replayed.increment(1);
    }

    /// The feed fell `missed` events behind the hub and catches up from
    /// the database.
    pub fn lagged(&self, missed: u64) {
        ::metrics::counter!(FEED_CATCH_UPS).increment(1);
        ::metrics::counter!(HUB_LAGGED_EVENTS).increment(missed);
    }
}

impl Drop for FeedMeters {
    fn drop(&mut self) {
        ::metrics::gauge!(SSE_CONNECTIONS).decrement(1);
        self.instance.feed_closed();
    }
}

/// A durable event reached the hub.
pub fn event_published() {
    ::metrics::counter!(EVENTS_PUBLISHED).increment(1);
}

pub fn message_stored() {
    ::metrics::counter!(MESSAGES).increment(1);
}

/// A request was refused by the rate limit called `limit`.
pub fn rate_limited(limit: &'static str) {
    ::metrics::counter!(RATE_LIMITED, "limit" => limit).increment(1);
}
