//! The live server stats of the admin page: once a second, one task per
//! instance samples what this instance counts as it runs ([`Counters`]:
//! open feeds, messages stored, delivery latencies) and the database's
//! size, keeps the last minute of samples, and hands each new one to
//! whoever follows (`GET /api/v1/admin/stats`).
//!
//! The counters are papo's own atomics, per instance, next to the
//! Prometheus series of [`crate::ops::metrics`] (which are per process, and
//! cumulative): a delivery adds to both. Nothing here parses the
//! exposition text.

use std::{
    collections::VecDeque,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

use chrono::Utc;
use domain::StatsSample;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use crate::store::Store;

/// How often a sample is taken.
pub const EVERY: Duration = Duration::from_secs(1);

/// The database's size is asked for every this many samples (PostgreSQL's
/// `pg_database_size` reads the size of every file of the database); the
/// samples in between repeat the last answer.
const DATABASE_SIZE_EVERY: u32 = 10;

/// What this instance counts as it runs, for the sampler to read.
#[derive(Default)]
pub struct Counters {
    open_feeds: AtomicU64,
    messages: AtomicU64,
    latency: LatencyWindow,
}

impl Counters {
    pub fn feed_opened(&self) {
        self.open_feeds.fetch_add(1, Ordering::Relaxed);
    }

    pub fn feed_closed(&self) {
        self.open_feeds.fetch_sub(1, Ordering::Relaxed);
    }

    pub fn message_stored(&self) {
        self.messages.fetch_add(1, Ordering::Relaxed);
    }

    /// A feed handed a live event to its connection `latency` after the
    /// event reached the hub.
    pub fn delivered(&self, latency: Duration) {
        self.latency.record(latency);
    }

    pub fn open_feeds(&self) -> u64 {
        self.open_feeds.load(Ordering::Relaxed)
    }
}

/// The samples of the last minute, and the next ones as they are taken.
pub struct Stats {
    counters: Arc<Counters>,
    recent: Mutex<VecDeque<StatsSample>>,
    next: broadcast::Sender<StatsSample>,
}

impl Default for Stats {
    fn default() -> Self {
        Self {
            counters: Arc::default(),
            recent: Mutex::new(VecDeque::with_capacity(StatsSample::HISTORY)),
            // Followers take each sample at once; a few spare is plenty.
            next: broadcast::channel(8).0,
        }
    }
}

impl Stats {
    pub fn counters(&self) -> &Arc<Counters> {
        &self.counters
    }

    /// The samples of the last minute, oldest first.
    pub fn recent(&self) -> Vec<StatsSample> {
        self.recent_samples().iter().cloned().collect()
    }

    /// The samples of the last minute, and every later one: subscribed
    /// first, so that none falls between the two (a follower skips any it
    /// already has, by `at`).
    pub fn follow(&self) -> (Vec<StatsSample>, broadcast::Receiver<StatsSample>) {
        let next = self.next.subscribe();
        (self.recent(), next)
    }

    fn recent_samples(&self) -> std::sync::MutexGuard<'_, VecDeque<StatsSample>> {
        self.recent
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn publish(&self, sample: StatsSample) {
        {
            let mut recent = self.recent_samples();
            if recent.len() == StatsSample::HISTORY {
                recent.pop_front();
            }
            recent.push_back(sample.clone());
        }
        let _ = self.next.send(sample);
    }
}

/// Takes a sample every second until `shutdown`: the task each instance
/// runs.
pub async fn sample(stats: Arc<Stats>, store: Arc<dyn Store>, shutdown: CancellationToken) {
    let mut every = tokio::time::interval(EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut sampler = Sampler::new(&stats.counters);
    let mut database_bytes = None;
    let mut ticks: u32 = 0;
    // The first tick is at once: it starts the first interval.
    every.tick().await;
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = every.tick() => {}
        }
        if ticks.is_multiple_of(DATABASE_SIZE_EVERY) {
            match store.database_size().await {
                Ok(bytes) => database_bytes = Some(bytes),
                Err(error) => tracing::debug!(%error, "reading the database's size"),
            }
        }
        ticks = ticks.wrapping_add(1);
        stats.publish(sampler.take(&stats.counters, database_bytes));
    }
}

/// What the previous sample saw, to count what happened since.
struct Sampler {
    messages: u64,
    at: Instant,
}

impl Sampler {
    fn new(counters: &Counters) -> Self {
        Self {
            messages: counters.messages.load(Ordering::Relaxed),
            at: Instant::now(),
        }
    }

    /// The sample of the interval since the previous one.
    fn take(&mut self, counters: &Counters, database_bytes: Option<u64>) -> StatsSample {
        let now = Instant::now();
        let elapsed = now.duration_since(self.at).as_secs_f64().max(1e-3);
        let messages = counters.messages.load(Ordering::Relaxed);
        let stored = messages.wrapping_sub(self.messages);
        self.messages = messages;
        self.at = now;
        StatsSample {
            at: Utc::now().timestamp_millis(),
            connections: counters.open_feeds(),
            messages_per_second: (stored as f64 / elapsed * 100.0).round() / 100.0,
            p99_delivery_ms: counters
                .latency
                .take_p99()
                .map(|p99| (p99.as_secs_f64() * 1e5).round() / 100.0),
            database_bytes,
        }
    }
}

/// Delivery latencies since the last sample, counted in buckets: four
/// per power of two of microseconds, so a bucket's upper bound is at most
/// 25 % above anything in it. Recording is one atomic add.
struct LatencyWindow {
    counts: [AtomicU64; BUCKETS],
}

/// Enough buckets for 2^26 µs (67 s); anything slower lands in the last.
const BUCKETS: usize = 104;

impl Default for LatencyWindow {
    fn default() -> Self {
        Self {
            counts: std::array::from_fn(|_| AtomicU64::new(0)),
        }
    }
}

impl LatencyWindow {
    fn record(&self, latency: Duration) {
        let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        self.counts[bucket(micros)].fetch_add(1, Ordering::Relaxed);
    }

    /// The 99th percentile of what was recorded since the last call (the
    /// upper bound of its bucket), and starts over; `None` if nothing was.
    fn take_p99(&self) -> Option<Duration> {
        let counts: Vec<u64> = self
            .counts
            .iter()
            .map(|count| count.swap(0, Ordering::Relaxed))
            .collect();
        let total: u64 = counts.iter().sum();
        if total == 0 {
            return None;
        }
        // The smallest bucket with at least 99 % of the values at or below it.
        let rank = total - total / 100;
        let mut seen = 0;
        let index = counts.iter().position(|&count| {
            seen += count;
            seen >= rank
        })?;
        Some(Duration::from_micros(upper_bound(index)))
    }
}

/// The bucket of a latency of `micros`: 0–3 µs one each, then four per
/// power of two.
fn bucket(micros: u64) -> usize {
    if micros < 4 {
        return micros as usize;
    }
    let top = 63 - micros.leading_zeros() as usize;
    let quarter = ((micros >> (top - 2)) & 0b11) as usize;
    (4 * (top - 1) + quarter).min(BUCKETS - 1)
}

/// The first latency, in µs, above bucket `index`.
fn upper_bound(index: usize) -> u64 {
    if index < 4 {
        return index as u64 + 1;
    }
    let top = index / 4 + 1;
    let quarter = (index % 4) as u64;
    (5 + quarter) << (top - 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower_bound(index: usize) -> u64 {
        if index == 0 {
            0
        } else {
            upper_bound(index - 1)
        }
    }

    #[test]
    fn every_latency_lands_in_a_bucket_whose_bound_is_at_most_a_quarter_above() {
        let mut previous = 0;
        for micros in (0..5_000).chain((5_000..60_000_000).step_by(997)) {
            let index = bucket(micros);
            assert!(index >= previous, "buckets follow the latencies");
            previous = index;
            assert!(
                lower_bound(index) <= micros,
                "{micros} µs in bucket {index}"
            );
            assert!(micros < upper_bound(index), "{micros} µs in bucket {index}");
            assert!(
                upper_bound(index) as f64 <= (micros as f64 * 1.25).max(micros as f64 + 1.0),
                "{micros} µs: bound {}",
                upper_bound(index)
            );
        }
        assert_eq!(bucket(u64::MAX), BUCKETS - 1);
    }

    #[test]
    fn the_p99_is_that_of_the_last_interval_only() {
        let window = LatencyWindow::default();
        assert_eq!(window.take_p99(), None);
        for _ in 0..990 {
            window.record(Duration::from_micros(800));
        }
        for _ in 0..10 {
            window.record(Duration::from_millis(40));
        }
        let p99 = window.take_p99().unwrap();
        assert!(
            p99 >= Duration::from_micros(800) && p99 <= Duration::from_micros(1_000),
            "{p99:?}"
        );
        window.record(Duration::from_millis(40));
        let p99 = window.take_p99().unwrap();
        assert!(
            p99 > Duration::from_millis(40) && p99 <= Duration::from_millis(50),
            "{p99:?}"
        );
        assert_eq!(window.take_p99(), None, "each interval starts empty");
    }

    #[test]
    fn a_sample_counts_open_feeds_and_messages_per_second() {
        let counters = Counters::default();
        let mut sampler = Sampler::new(&counters);
        counters.feed_opened();
        counters.feed_opened();
        counters.feed_closed();
        for _ in 0..5 {
            counters.message_stored();
        }
        sampler.at -= Duration::from_secs(1);
        let first = sampler.take(&counters, Some(4096));
        assert_eq!(first.connections, 1);
        assert!(
            (4.0..=5.0).contains(&first.messages_per_second),
            "{first:?}"
        );
        assert_eq!(first.p99_delivery_ms, None);
        assert_eq!(first.database_bytes, Some(4096));
        let second = sampler.take(&counters, Some(4096));
        assert_eq!(second.messages_per_second, 0.0, "only what is new");
    }

    #[test]
    fn the_last_minute_of_samples_is_kept() {
        let at = |at| StatsSample {
            at,
            connections: 0,
            messages_per_second: 0.0,
            p99_delivery_ms: None,
            database_bytes: None,
        };
        let stats = Stats::default();
        assert!(stats.recent().is_empty());
        for t in 0..100 {
            stats.publish(at(t));
        }
        let (recent, mut next) = stats.follow();
        assert_eq!(recent.len(), StatsSample::HISTORY);
        assert_eq!(recent[0].at, 40);
        assert_eq!(recent.last().unwrap().at, 99);
        stats.publish(at(100));
        assert_eq!(next.try_recv().unwrap().at, 100, "then each new sample");
    }
}
