//! Scenario 3: 10,000 idle readers: how fast they connect and what each
//! open feed costs papo in resident memory. One message at the end checks
//! that every feed is still alive.

use std::{path::Path, sync::Arc, time::Duration};

use tokio::sync::watch;

use crate::{
    api::Api,
    feed::{Stream, Tally},
    probe::{self, Probe},
    report::Row,
    scenarios::{
        fanout::{mib, secs},
        load::{self, CHANNEL},
    },
    server::Papo,
};

const READERS: usize = 10_000;

/// How long the delivery of the final message may take to all readers.
const WAKE_TIMEOUT: Duration = Duration::from_secs(60);

pub async fn run(root: &Path) -> anyhow::Result<Vec<Row>> {
    let papo = Papo::start(root, &[]).await?;
    let api = Api::new(&papo.base);
    let writer = load::writers(&api, 1).await?.remove(0);
    let readers = api.guests("r", READERS).await?;
    api.join_all(&readers, CHANNEL).await?;
    // Let start-up work settle before the baseline.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_before = papo.rss_kib()?;
    let probe = Arc::new(Probe::new(1));
    let (stop, stopped) = watch::channel(false);
    let (tallies, connecting) =
        load::connect(&api, &readers, &Stream::Multiplexed, &probe, &stopped).await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_connected = papo.rss_kib()?;
    let per_connection = (rss_connected.saturating_sub(rss_before)) as f64 / READERS as f64;
    probe.sending(0);
    api.post(&writer, CHANNEL, &probe::body(0)).await?;
    tokio::spawn(async move {
        tokio::time::sleep(WAKE_TIMEOUT).await;
        let _ = stop.send(true);
    });
    let mut received = 0;
    let mut duplicates = 0;
    let mut latency = crate::latency::Latency::default();
    for task in tallies {
        let tally: Tally = task.await.unwrap_or_default();
        received += tally.received;
        duplicates += tally.duplicates;
        latency.merge(&tally.latency);
    }
    let rss_end = papo.rss_kib()?;
    papo.stop().await?;
    let lost = READERS - received;
    let connect_rate = READERS as f64 / connecting.as_secs_f64();
    let wake = latency.percentiles();
    Ok(vec![Row::new(
        "3",
        "10,000 idle readers, multiplexed stream",
    )
    .figure("kib_per_connection", (per_connection * 10.0).round() / 10.0)
    .figure("connections_per_sec", connect_rate.round())
    .figure("connect_secs", secs(connecting))
    .figure("rss_before_mib", mib(rss_before))
    .figure("rss_connected_mib", mib(rss_connected))
    .figure("rss_end_mib", mib(rss_end))
    .figure("one_message_to_all_p99_ms", wake.p99_ms)
    .figure("one_message_to_all_max_ms", wake.max_ms)
    .target(
        "resident memory per idle feed",
        "≤ 12 KiB",
        format!("{per_connection:.1} KiB"),
        per_connection <= 12.0,
    )
    .target(
        "nothing lost or duplicated",
        "0",
        format!("{lost} lost, {duplicates} duplicated"),
        lost == 0 && duplicates == 0,
    )])
}
