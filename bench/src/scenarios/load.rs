//! The engine of the delivery scenarios: readers on live feeds, writers
//! posting into one channel, and what the readers received. With several
//! papo instances on one database, readers and writers are dealt out
//! among them in turn, as a load balancer would.

use std::{
    future::Future,
    path::Path,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use anyhow::{bail, Context};
use futures::{stream, StreamExt};
use tokio::sync::{mpsc, watch};

use crate::{
    api::{Api, Token},
    feed::{self, Stream, Tally},
    latency::Latency,
    probe::{self, Probe},
    server::{Backend, Deployment},
};

/// The channel the benchmark writes into.
pub const CHANNEL: &str = "bench";

/// Feeds opened at once while connecting readers.
const CONNECT_CONCURRENCY: usize = 200;

/// How long readers may take to receive everything after the last post.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(60);

/// How long connecting all readers may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(120);

/// One run of writers against readers.
pub struct Load {
    pub readers: usize,
    pub messages: usize,
    /// Messages per second offered; `None`: as fast as the writers can.
    pub rate: Option<f64>,
    /// Writers: people posting, each with `in_flight` requests at a time.
    pub writers: usize,
    pub in_flight: usize,
    pub stream: Stream,
    /// The database, and how many papos share it.
    pub backend: Backend,
}

/// What a [`Load`] measured.
pub struct Outcome {
    /// Messages papo acknowledged (201).
    pub accepted: usize,
    /// Posts refused or failed.
    pub failed: usize,
    /// Deliveries made: distinct messages received, over all readers.
    pub delivered: usize,
    pub lost: usize,
    pub duplicates: usize,
    pub delivery: Latency,
    pub post: Latency,
    /// From the first post to the last acknowledgement.
    pub posting: Duration,
    /// From the first post to the last delivery.
    pub delivering: Duration,
    /// From the first feed opened to the last one ready.
    pub connecting: Duration,
    /// papo's memory (summed over instances) before readers connect,
    /// once they have, and at the end.
    pub rss_before_kib: u64,
    pub rss_connected_kib: u64,
    pub rss_end_kib: u64,
    /// Benchmark messages found in the database afterwards.
    pub stored: i64,
}

impl Outcome {
    pub fn deliveries_per_sec(&self) -> f64 {
        self.delivered as f64 / self.delivering.as_secs_f64().max(1e-9)
    }

    pub fn accepted_per_sec(&self) -> f64 {
        self.accepted as f64 / self.posting.as_secs_f64().max(1e-9)
    }
}

/// People `w0…` who write into [`CHANNEL`]: `w0` registers and creates
/// it (guests may not), the others are guests who join it.
pub async fn writers(api: &Api, count: usize) -> anyhow::Result<Vec<Token>> {
    let creator = api.register("w0").await?;
    api.create_channel(&creator, CHANNEL).await?;
    let mut writers = vec![creator];
    for n in 1..count {
        let writer = api.guest(&format!("w{n}")).await?;
        api.join(&writer, CHANNEL).await?;
        writers.push(writer);
    }
    Ok(writers)
}

/// The instance that serves the `n`th reader or writer: each in turn.
pub fn instance(apis: &[Api], n: usize) -> &Api {
    &apis[n % apis.len()]
}

/// Opens a feed for each token, on the instances in turn, and starts
/// counting on it; returns the running tallies once every feed is live.
pub async fn connect(
    apis: &[Api],
    tokens: &[Token],
    stream: &Stream,
    probe: &Arc<Probe>,
    stop: &watch::Receiver<bool>,
) -> anyhow::Result<(Vec<tokio::task::JoinHandle<Tally>>, Duration)> {
    let (ready_tx, mut ready_rx) = mpsc::unbounded_channel();
    let started = Instant::now();
    let opened: Vec<anyhow::Result<_>> = stream::iter(tokens.iter().enumerate())
        .map(|(n, token)| {
            let ready = ready_tx.clone();
            let (probe, stop) = (probe.clone(), stop.clone());
            async move {
                let answer = feed::open(instance(apis, n), token, stream, None).await?;
                Ok(tokio::spawn(feed::tally(answer, probe, ready, stop)))
            }
        })
        .buffer_unordered(CONNECT_CONCURRENCY)
        .collect()
        .await;
    let tallies = opened.into_iter().collect::<anyhow::Result<Vec<_>>>()?;
    let mut ready = 0;
    let wait_until = tokio::time::Instant::now() + CONNECT_TIMEOUT;
    while ready < tokens.len() {
        match tokio::time::timeout_at(wait_until, ready_rx.recv()).await {
            Ok(Some(_)) => ready += 1,
            _ => bail!("only {ready} of {} feeds became ready", tokens.len()),
        }
    }
    Ok((tallies, started.elapsed()))
}

/// What posting a probe's messages gave.
pub struct Posted {
    pub accepted: usize,
    pub failed: usize,
    pub latency: Latency,
    pub took: Duration,
}

/// Posts the probe's messages from `writers` (on the instances in turn),
/// each with `in_flight` requests at a time, at `rate` if given.
pub async fn post_all(
    apis: &[Api],
    writers: &[Token],
    in_flight: usize,
    probe: &Arc<Probe>,
    rate: Option<f64>,
) -> Posted {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = writers
        .iter()
        .enumerate()
        .flat_map(|(n, token)| std::iter::repeat_n((instance(apis, n), token.clone()), in_flight))
        .map(|(api, token)| {
            let (api, probe, next) = (api.clone(), probe.clone(), next.clone());
            tokio::spawn(async move {
                let mut post = Latency::default();
                let (mut accepted, mut failed) = (0, 0);
                loop {
                    let seq = next.fetch_add(1, Ordering::Relaxed);
                    if seq >= probe.messages() {
                        break;
                    }
                    if let Some(rate) = rate {
                        let due = started + Duration::from_secs_f64(seq as f64 / rate);
                        tokio::time::sleep_until(due.into()).await;
                    }
                    let body = probe::body(seq);
                    probe.sending(seq);
                    let sent = Instant::now();
                    match api.post(&token, CHANNEL, &body).await {
                        Ok(_) => {
                            post.record(sent.elapsed());
                            accepted += 1;
                        }
                        Err(error) => {
                            if failed == 0 {
                                eprintln!("a post failed: {error:#}");
                            }
                            failed += 1;
                        }
                    }
                }
                (accepted, failed, post)
            })
        })
        .collect();
    let mut posted = Posted {
        accepted: 0,
        failed: 0,
        latency: Latency::default(),
        took: Duration::ZERO,
    };
    for task in tasks {
        if let Ok((accepted, failed, latency)) = task.await {
            posted.accepted += accepted;
            posted.failed += failed;
            posted.latency.merge(&latency);
        }
    }
    posted.took = started.elapsed();
    posted
}

/// Runs `load` on a fresh deployment of papo. People are made through the
/// first instance: they are in the database, which every instance shares.
pub async fn run(root: &Path, load: &Load) -> anyhow::Result<Outcome> {
    run_beside(root, load, |_| async { Ok(()) }).await
}

/// Runs `load` as [`run`] does, with `beside` held against the first
/// instance from just before the readers connect until the load ends:
/// what `beside` returns is kept alive that long (scenario 1s).
pub async fn run_beside<F, Fut, Held>(
    root: &Path,
    load: &Load,
    beside: F,
) -> anyhow::Result<Outcome>
where
    F: FnOnce(Api) -> Fut,
    Fut: Future<Output = anyhow::Result<Held>>,
{
    let deployment = Deployment::start(root, load.backend).await?;
    let apis: Vec<Api> = deployment.papos.iter().map(|p| Api::new(&p.base)).collect();
    let api = &apis[0];
    let writers = writers(api, load.writers).await?;
    let readers = api.guests("r", load.readers).await?;
    api.join_all(&readers, CHANNEL).await?;
    let held = beside(api.clone())
        .await
        .context("starting what runs beside")?;
    let probe = Arc::new(Probe::new(load.messages));
    let rss_before_kib = deployment.rss_kib()?;
    let (stop, stopped) = watch::channel(false);
    let (tallies, connecting) = connect(&apis, &readers, &load.stream, &probe, &stopped)
        .await
        .context("connecting readers")?;
    let rss_connected_kib = deployment.rss_kib()?;
    let first_post = Instant::now();
    let posted = post_all(&apis, &writers, load.in_flight, &probe, load.rate).await;
    let accepted = posted.accepted;
    // Readers stop by themselves once they have every message; the ones
    // still waiting then are missing some.
    tokio::spawn(async move {
        tokio::time::sleep(DRAIN_TIMEOUT).await;
        let _ = stop.send(true);
    });
    let mut outcome = Outcome {
        accepted,
        failed: posted.failed,
        delivered: 0,
        lost: 0,
        duplicates: 0,
        delivery: Latency::default(),
        post: posted.latency,
        posting: posted.took,
        delivering: Duration::ZERO,
        connecting,
        rss_before_kib,
        rss_connected_kib,
        rss_end_kib: 0,
        stored: 0,
    };
    let mut last_delivery = first_post;
    for task in tallies {
        let tally = task.await.unwrap_or_default();
        outcome.delivered += tally.received;
        outcome.lost += accepted.saturating_sub(tally.received);
        outcome.duplicates += tally.duplicates;
        outcome.delivery.merge(&tally.latency);
        if let Some(at) = tally.last_at {
            last_delivery = last_delivery.max(at);
        }
    }
    outcome.delivering = last_delivery - first_post;
    outcome.rss_end_kib = deployment.rss_kib()?;
    drop(held);
    if load.backend.stores() {
        outcome.stored = stored_messages(&deployment.database_url).await?;
    }
    deployment.stop().await?;
    Ok(outcome)
}

/// How many benchmark messages the database (SQLite or PostgreSQL) holds:
/// what was acknowledged must be there.
pub async fn stored_messages(database_url: &str) -> anyhow::Result<i64> {
    use sqlx::Connection;
    const COUNT: &str = "SELECT COUNT(*) FROM messages WHERE body LIKE 'bench-%'";
    if is_postgres(database_url) {
        let mut db = sqlx::PgConnection::connect(database_url).await?;
        let count = sqlx::query_scalar(COUNT).fetch_one(&mut db).await?;
        db.close().await?;
        Ok(count)
    } else {
        let mut db = sqlx::SqliteConnection::connect(database_url).await?;
        let count = sqlx::query_scalar(COUNT).fetch_one(&mut db).await?;
        db.close().await?;
        Ok(count)
    }
}

/// Whether a `DATABASE_URL` names PostgreSQL, as papo reads it.
fn is_postgres(database_url: &str) -> bool {
    database_url.starts_with("postgres://") || database_url.starts_with("postgresql://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_are_dealt_out_among_instances_in_turn() {
        let apis = [Api::new("http://one"), Api::new("http://two")];
        let served: Vec<&str> = (0..5).map(|n| instance(&apis, n).base.as_str()).collect();
        assert_eq!(
            served,
            [
                "http://one",
                "http://two",
                "http://one",
                "http://two",
                "http://one"
            ]
        );
        let alone = [Api::new("http://only")];
        assert!((0..3).all(|n| instance(&alone, n).base == "http://only"));
    }

    #[test]
    fn the_stored_count_reads_the_database_papo_was_given() {
        assert!(is_postgres("postgres://postgres@127.0.0.1:5432/papo_bench"));
        assert!(is_postgres("postgresql://localhost/papo"));
        assert!(!is_postgres("sqlite:///tmp/papo-bench/papo.db"));
    }
}
