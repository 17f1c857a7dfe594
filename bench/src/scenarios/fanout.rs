//! Scenarios 1, 2 and 7: many readers receiving every message of a
//! channel, on SQLite (1, 2) and on PostgreSQL (7).

use std::path::Path;

use crate::{
    feed::Stream,
    report::{mib, secs, Row},
    scenarios::load::{self, Load, Outcome, CHANNEL},
    server::Backend,
};

/// Figures every delivery row shows.
pub fn delivery_row(scenario: &str, title: String, o: &Outcome) -> Row {
    let d = o.delivery.percentiles();
    let p = o.post.percentiles();
    Row::new(scenario, title)
        .figure("deliveries_per_sec", o.deliveries_per_sec().round())
        .figure("accepted_per_sec", o.accepted_per_sec().round())
        .figure("delivered", o.delivered)
        .figure("lost", o.lost)
        .figure("duplicated", o.duplicates)
        .figure("failed_posts", o.failed)
        .figure("delivery_p50_ms", d.p50_ms)
        .figure("delivery_p90_ms", d.p90_ms)
        .figure("delivery_p99_ms", d.p99_ms)
        .figure("delivery_p999_ms", d.p999_ms)
        .figure("delivery_max_ms", d.max_ms)
        .figure("post_p50_ms", p.p50_ms)
        .figure("post_p99_ms", p.p99_ms)
        .figure("connect_secs", secs(o.connecting))
        .figure("rss_before_mib", mib(o.rss_before_kib))
        .figure("rss_connected_mib", mib(o.rss_connected_kib))
        .figure("rss_end_mib", mib(o.rss_end_kib))
        .figure("stored", o.stored)
        .target(
            "nothing lost or duplicated",
            "0",
            format!("{} lost, {} duplicated", o.lost, o.duplicates),
            o.lost == 0 && o.duplicates == 0 && o.failed == 0,
        )
        .target(
            "every acknowledged message stored",
            "all",
            format!("{} of {}", o.stored, o.accepted),
            o.stored == o.accepted as i64,
        )
}

/// Scenario 1's load: 100 readers × 2,000 messages as fast as possible,
/// from four writers with 16 posts each in flight.
pub fn burst_load(stream: Stream, backend: Backend) -> Load {
    Load {
        readers: 100,
        messages: 2_000,
        rate: None,
        writers: 4,
        in_flight: 16,
        stream,
        backend,
    }
}

/// Runs scenario 1's load and makes its row, with its target.
async fn burst_row(root: &Path, scenario: &str, title: String, load: &Load) -> anyhow::Result<Row> {
    let o = load::run(root, load).await?;
    let rate = o.deliveries_per_sec();
    Ok(delivery_row(scenario, title, &o).target(
        "deliveries per second",
        "≥ 250,000",
        format!("{rate:.0}"),
        rate >= 250_000.0,
    ))
}

/// (1) 100 readers × 2,000 messages as fast as possible, on both kinds of
/// stream.
pub async fn burst(root: &Path) -> anyhow::Result<Vec<Row>> {
    let mut rows = Vec::new();
    for (scenario, stream) in [
        ("1", Stream::Multiplexed),
        ("1b", Stream::Channel(CHANNEL.to_owned())),
    ] {
        let load = burst_load(stream, Backend::Sqlite);
        let title = format!("100 readers × 2,000 msgs, {}", load.stream.label());
        rows.push(burst_row(root, scenario, title, &load).await?);
    }
    Ok(rows)
}

/// (7) Scenario 1 (multiplexed stream) on a throwaway PostgreSQL: one
/// papo, then two on the same database (7b), each serving half of the
/// readers and half of the writers. Each row gets a new cluster.
pub async fn burst_on_postgres(root: &Path) -> anyhow::Result<Vec<Row>> {
    let mut rows = Vec::new();
    for (scenario, instances) in [("7", 1), ("7b", 2)] {
        let load = burst_load(Stream::Multiplexed, Backend::Postgres { instances });
        let papos = if instances == 1 {
            "instance"
        } else {
            "instances"
        };
        let title = format!("100 readers × 2,000 msgs, PostgreSQL, {instances} {papos}");
        rows.push(burst_row(root, scenario, title, &load).await?);
    }
    Ok(rows)
}

/// (2) 1,000 readers, 500 messages a second for 10 s.
pub async fn steady(root: &Path) -> anyhow::Result<Vec<Row>> {
    let load = Load {
        readers: 1_000,
        messages: 5_000,
        rate: Some(500.0),
        // Enough requests in flight that the offered rate holds even when
        // a post takes 100 ms: the load is open, as people's is.
        writers: 16,
        in_flight: 4,
        stream: Stream::Channel(CHANNEL.to_owned()),
        backend: Backend::Sqlite,
    };
    let o = load::run(root, &load).await?;
    let accepted = o.accepted_per_sec();
    let p99 = o.delivery.percentiles().p99_ms;
    let title = format!("1,000 readers, 500 msg/s for 10 s, {}", load.stream.label());
    Ok(vec![delivery_row("2", title, &o)
        .target(
            "accepted per second",
            "≥ 495",
            format!("{accepted:.0}"),
            accepted >= 495.0,
        )
        .target(
            "delivery p99",
            "≤ 100 ms",
            format!("{p99} ms"),
            p99 <= 100.0,
        )])
}
