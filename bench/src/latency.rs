//! Percentiles of durations, recorded in microseconds.

use std::time::Duration;

use hdrhistogram::Histogram;
use serde::Serialize;

/// Durations up to a minute, to two significant figures (1 %). Small on
/// purpose: every reader keeps one, and recording into a thousand large
/// histograms cost the load generator more CPU than parsing the events.
pub struct Latency(Histogram<u64>);

/// What a row shows of a [`Latency`], in milliseconds.
#[derive(Clone, Debug, Serialize)]
pub struct Percentiles {
    pub count: u64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub max_ms: f64,
}

impl Default for Latency {
    fn default() -> Self {
        Self(Histogram::new_with_bounds(1, 60_000_000, 2).expect("valid histogram bounds"))
    }
}

fn ms(micros: u64) -> f64 {
    (micros as f64 / 10.0).round() / 100.0
}

impl Latency {
    pub fn record(&mut self, took: Duration) {
        self.record_micros(took.as_micros() as u64);
    }

    pub fn record_micros(&mut self, micros: u64) {
        self.0.saturating_record(micros.max(1));
    }

    pub fn merge(&mut self, other: &Latency) {
        self.0
            .add(&other.0)
            .expect("histograms with the same bounds");
    }

    pub fn percentiles(&self) -> Percentiles {
        let at = |q: f64| ms(self.0.value_at_quantile(q));
        Percentiles {
            count: self.0.len(),
            p50_ms: at(0.5),
            p90_ms: at(0.9),
            p99_ms: at(0.99),
            p999_ms: at(0.999),
            max_ms: ms(self.0.max()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_come_out_in_milliseconds() {
        let mut latency = Latency::default();
        for micros in 1..=1000 {
            latency.record_micros(micros * 100);
        }
        let p = latency.percentiles();
        assert_eq!(p.count, 1000);
        // Within the histogram's 1 % precision.
        assert!((p.p50_ms - 50.0).abs() < 0.5, "{p:?}");
        assert!((p.p99_ms - 99.0).abs() < 1.0, "{p:?}");
        assert!((p.max_ms - 100.0).abs() < 1.0, "{p:?}");
    }
}
