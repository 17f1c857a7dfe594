//! Scenario 3: 10,000 idle readers: how fast they connect and what each
//! open feed costs papo in resident memory. One message at the end checks
//! that every feed is still alive.
//!
//! The same readers then connect to `bare-sse`, the HTTP stack without
//! papo, to show which part of that memory is the stack's own floor.

use std::{path::Path, sync::Arc, time::Duration};

use tokio::{sync::watch, task::JoinHandle};

use crate::{
    api::{Api, Token},
    feed::{Stream, Tally},
    latency::Latency,
    probe::{self, Probe},
    report::{mib, secs, Row},
    scenarios::load,
    server::Papo,
};

const READERS: usize = 10_000;

/// How long the delivery of the final message may take to all readers.
/// The channel every reader is in from the start.
const GENERAL: &str = "general";

const WAKE_TIMEOUT: Duration = Duration::from_secs(60);

/// Memory and connection figures of readers held open on a server.
struct Held {
    tallies: Vec<JoinHandle<Tally>>,
    kib_per_connection: f64,
    connect_rate: f64,
    connecting: Duration,
    rss_before: u64,
    rss_connected: u64,
    stop: watch::Sender<bool>,
}

/// Opens a feed for each token and measures the server's memory before
/// and after (each once it has settled).
async fn hold_open(
    server: &Papo,
    api: &Api,
    tokens: &[Token],
    stream: &Stream,
    probe: &Arc<Probe>,
) -> anyhow::Result<Held> {
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_before = server.rss_kib()?;
    let (stop, stopped) = watch::channel(false);
    let (tallies, connecting) =
        load::connect(std::slice::from_ref(api), tokens, stream, probe, &stopped).await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_connected = server.rss_kib()?;
    let kib = rss_connected.saturating_sub(rss_before) as f64 / tokens.len() as f64;
    Ok(Held {
        tallies,
        kib_per_connection: (kib * 10.0).round() / 10.0,
        connect_rate: (tokens.len() as f64 / connecting.as_secs_f64()).round(),
        connecting,
        rss_before,
        rss_connected,
        stop,
    })
}

/// The floor: the same number of idle connections on `bare-sse`.
async fn floor() -> anyhow::Result<Row> {
    let server = Papo::start_bare().await?;
    let api = Api::new(&server.base);
    let tokens = vec![Token(String::new()); READERS];
    let held = hold_open(
        &server,
        &api,
        &tokens,
        &Stream::Bare,
        &Arc::new(Probe::new(0)),
    )
    .await?;
    let _ = held.stop.send(true);
    for task in held.tallies {
        let _ = task.await;
    }
    server.stop().await?;
    Ok(
        Row::new("3f", "the floor: 10,000 idle bare axum SSE streams")
            .figure("kib_per_connection", held.kib_per_connection)
            .figure("connections_per_sec", held.connect_rate)
            .figure("rss_before_mib", mib(held.rss_before))
            .figure("rss_connected_mib", mib(held.rss_connected)),
    )
}

pub async fn run(root: &Path) -> anyhow::Result<Vec<Row>> {
    let papo = Papo::start(root, &[]).await?;
    let api = Api::new(&papo.base);
    let writer = load::writers(&api, 1).await?.remove(0);
    // Everyone is in #general: no 10,000 joins to wait for.
    let readers = api.guests("r", READERS).await?;
    let probe = Arc::new(Probe::new(1));
    let held = hold_open(&papo, &api, &readers, &Stream::Multiplexed, &probe).await?;
    probe.sending(0);
    api.post(&writer, GENERAL, &probe::body(0)).await?;
    let stop = held.stop;
    tokio::spawn(async move {
        tokio::time::sleep(WAKE_TIMEOUT).await;
        let _ = stop.send(true);
    });
    let (mut received, mut duplicates, mut latency) = (0, 0, Latency::default());
    for task in held.tallies {
        let tally = task.await.unwrap_or_default();
        received += tally.received;
        duplicates += tally.duplicates;
        latency.merge(&tally.latency);
    }
    let rss_end = papo.rss_kib()?;
    papo.stop().await?;
    let lost = READERS - received;
    let wake = latency.percentiles();
    let per_connection = held.kib_per_connection;
    let papo_row = Row::new("3", "10,000 idle readers, multiplexed stream")
        .figure("kib_per_connection", per_connection)
        .figure("connections_per_sec", held.connect_rate)
        .figure("connect_secs", secs(held.connecting))
        .figure("rss_before_mib", mib(held.rss_before))
        .figure("rss_connected_mib", mib(held.rss_connected))
        .figure("rss_end_mib", mib(rss_end))
        .figure("one_message_to_all_p99_ms", wake.p99_ms)
        .figure("one_message_to_all_max_ms", wake.max_ms)
        .target(
            "resident memory per idle feed",
            "≤ 12 KiB",
            format!("{per_connection} KiB"),
            per_connection <= 12.0,
        )
        .target(
            "nothing lost or duplicated",
            "0",
            format!("{lost} lost, {duplicates} duplicated"),
            lost == 0 && duplicates == 0,
        );
    Ok(vec![papo_row, floor().await?])
}
