//! Scenarios 1, 2 and 7: many readers receiving every message of a
//! channel, on SQLite (1, 2) and on PostgreSQL (7); and 1c, scenario 1
//! against an in-memory ceiling at several loads.

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

/// Posts in flight (over all four writers) at which 1c compares papo
/// with the ceiling, and the share of the ceiling's deliveries per second
/// papo should reach at each (none at 16: shown, not judged).
const CEILING_LOADS: [(usize, Option<f64>); 3] = [(4, Some(0.5)), (16, None), (64, Some(0.8))];

/// papo's delivery p50 with the fewest posts in flight, at most: a
/// message that waits for no other should reach its readers at once.
const LIGHT_LOAD_P50_MS: f64 = 5.0;

/// (1c) Scenario 1 (multiplexed stream) with 4, 16 and 64 posts in flight,
/// first against `bare-sse`'s in-memory broadcast (no storage, no
/// sign-in: the ceiling of the HTTP stack and the load generator), then
/// against papo on SQLite. One row per load, with papo's share of the
/// ceiling's deliveries per second.
pub async fn against_ceiling(root: &Path) -> anyhow::Result<Vec<Row>> {
    let mut rows = Vec::new();
    for (in_flight, share) in CEILING_LOADS {
        let at = |backend| {
            let load = burst_load(Stream::Multiplexed, backend);
            Load {
                in_flight: in_flight / load.writers,
                ..load
            }
        };
        let ceiling = load::run(root, &at(Backend::Ceiling)).await?;
        let papo = load::run(root, &at(Backend::Sqlite)).await?;
        let ratio = papo.deliveries_per_sec() / ceiling.deliveries_per_sec().max(1e-9);
        let ratio = (ratio * 100.0).round() / 100.0;
        let ceiling_p50 = ceiling.delivery.percentiles().p50_ms;
        let p50 = papo.delivery.percentiles().p50_ms;
        let title = format!("papo ÷ in-memory ceiling, {in_flight} posts in flight");
        let mut row = delivery_row(&format!("1c{in_flight}"), title, &papo)
            .figure(
                "ceiling_deliveries_per_sec",
                ceiling.deliveries_per_sec().round(),
            )
            .figure("ceiling_delivery_p50_ms", ceiling_p50)
            .figure("ceiling_lost", ceiling.lost)
            .figure("ratio_to_ceiling", ratio);
        if let Some(share) = share {
            row = row.target(
                "deliveries per second ÷ the ceiling's",
                &format!("≥ {share}×"),
                format!("{ratio}×"),
                ratio >= share,
            );
        }
        if in_flight == CEILING_LOADS[0].0 {
            row = row.target(
                "delivery p50",
                &format!("≤ {LIGHT_LOAD_P50_MS} ms"),
                format!("{p50} ms"),
                p50 <= LIGHT_LOAD_P50_MS,
            );
        }
        rows.push(row);
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
