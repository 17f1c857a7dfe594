//! What the admin page shows: one sample of the server's vital signs a
//! second (`GET /api/v1/admin/stats`, event `stats`).

use serde::{Deserialize, Serialize};

/// The server's state over one interval (a second), as one instance saw it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatsSample {
    /// When the interval ended, in milliseconds since the epoch; strictly
    /// increasing from one sample to the next.
    pub at: i64,
    /// Live feeds open on this instance.
    pub connections: u64,
    /// Messages this instance stored, per second over the interval.
    pub messages_per_second: f64,
    /// The 99th percentile of the time from an event reaching this
    /// instance's hub to a feed handing it to its connection, over the
    /// interval, in milliseconds (an upper bound, within 25 %); `None`
    /// when nothing was delivered.
    pub p99_delivery_ms: Option<f64>,
    /// How many bytes the database takes; `None` until it has answered.
    pub database_bytes: Option<u64>,
}

impl StatsSample {
    /// Samples the server keeps, and the admin page's charts show: a minute.
    pub const HISTORY: usize = 60;

    /// The SSE event name of a sample.
    pub const EVENT: &'static str = "stats";
}

/// Adds `sample` to `samples` (oldest first) unless it is not newer than
/// the last one (a reconnected stream sends its history again), keeping
/// the newest [`StatsSample::HISTORY`].
pub fn add_sample(samples: &mut Vec<StatsSample>, sample: StatsSample) {
    if samples.last().is_some_and(|last| sample.at <= last.at) {
        return;
    }
    samples.push(sample);
    if samples.len() > StatsSample::HISTORY {
        let extra = samples.len() - StatsSample::HISTORY;
        samples.drain(..extra);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(at: i64) -> StatsSample {
        StatsSample {
            at,
            connections: 1,
            messages_per_second: 0.0,
            p99_delivery_ms: None,
            database_bytes: Some(4096),
        }
    }

    #[test]
    fn samples_are_added_once_in_order_and_only_the_last_minute_is_kept() {
        let mut samples = Vec::new();
        for t in 1..=3 {
            add_sample(&mut samples, at(t));
        }
        // A reconnected stream repeats what the page has.
        for t in 1..=3 {
            add_sample(&mut samples, at(t));
        }
        assert_eq!(samples.iter().map(|s| s.at).collect::<Vec<_>>(), [1, 2, 3]);
        for t in 4..=100 {
            add_sample(&mut samples, at(t));
        }
        assert_eq!(samples.len(), StatsSample::HISTORY);
        assert_eq!(samples.first().unwrap().at, 41);
        assert_eq!(samples.last().unwrap().at, 100);
    }

    #[test]
    fn a_sample_is_plain_json() {
        let json = serde_json::to_value(at(5)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "at": 5,
                "connections": 1,
                "messages_per_second": 0.0,
                "p99_delivery_ms": null,
                "database_bytes": 4096
            })
        );
    }
}
