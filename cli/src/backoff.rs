//! How long to wait before reconnecting: the server's `retry:` hint at
//! first, then twice as long after each failure up to 30 s, with ±20 %
//! jitter so that many clients of a restarted server do not all come back
//! in the same instant.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

const FIRST: Duration = Duration::from_secs(1);
const SHORTEST: Duration = Duration::from_millis(100);
const LONGEST: Duration = Duration::from_secs(30);

pub struct Backoff {
    /// Where waiting starts over once the feed is live again.
    base: Duration,
    next: Duration,
}

impl Backoff {
    pub fn new() -> Self {
        Self {
            base: FIRST,
            next: FIRST,
        }
    }

    /// The server's `retry:` field, which counts from now on (a server
    /// that shuts down asks for a quicker return than usual).
    pub fn hint(&mut self, retry: Duration) {
        self.base = retry.clamp(SHORTEST, LONGEST);
        self.next = self.base;
    }

    /// The feed is live: the next drop waits the shortest time again.
    pub fn reset(&mut self) {
        self.next = self.base;
    }

    /// The wait before the next attempt.
    pub fn next_delay(&mut self) -> Duration {
        self.next_delay_with(jitter())
    }

    /// `next_delay` with `jitter` in -1..=1 (−20 % to +20 %).
    fn next_delay_with(&mut self, jitter: f64) -> Duration {
        let delay = self.next.mul_f64(1.0 + 0.2 * jitter.clamp(-1.0, 1.0));
        self.next = (self.next * 2).min(LONGEST);
        delay
    }
}

/// A number in -1..1 that differs between clients and between calls; no
/// need for a random number generator for that.
fn jitter() -> f64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    f64::from(nanos % 2001) / 1000.0 - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_thirty_seconds_and_starts_over_when_live() {
        let mut backoff = Backoff::new();
        backoff.hint(Duration::from_secs(2));
        let waits: Vec<u64> = (0..6)
            .map(|_| backoff.next_delay_with(0.0).as_secs())
            .collect();
        assert_eq!(waits, [2, 4, 8, 16, 30, 30]);
        backoff.reset();
        assert_eq!(backoff.next_delay_with(0.0), Duration::from_secs(2));
    }

    #[test]
    fn a_new_hint_counts_at_once() {
        let mut backoff = Backoff::new();
        backoff.hint(Duration::from_secs(2));
        backoff.hint(Duration::from_millis(250));
        assert_eq!(backoff.next_delay_with(0.0), Duration::from_millis(250));
        backoff.reset();
        assert_eq!(backoff.next_delay_with(0.0), Duration::from_millis(250));
    }

    #[test]
    fn jitter_stays_within_a_fifth() {
        let mut backoff = Backoff::new();
        assert_eq!(backoff.next_delay_with(1.0), Duration::from_millis(1200));
        backoff.reset();
        assert_eq!(backoff.next_delay_with(-1.0), Duration::from_millis(800));
        let any = jitter();
        assert!((-1.0..=1.0).contains(&any));
    }

    #[test]
    fn an_absurd_hint_is_bounded() {
        let mut backoff = Backoff::new();
        backoff.hint(Duration::ZERO);
        assert_eq!(backoff.next_delay_with(0.0), SHORTEST);
        backoff.hint(Duration::from_secs(3600));
        assert_eq!(backoff.next_delay_with(0.0), LONGEST);
    }
}
