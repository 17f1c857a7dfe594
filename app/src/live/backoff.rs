//! How long to wait before reopening the live feed after a failure:
//! exponential, capped, with jitter so that many browsers cut off at once
//! do not all come back at the same moment.

/// The first wait. The server's `retry:` hint (2 s) is not readable from
/// an `EventSource`, so the page starts lower and backs off on its own.
pub const BASE_MS: u32 = 1_000;
/// The longest wait, before jitter.
pub const CAP_MS: u32 = 30_000;
/// Each wait is moved by up to this fraction either way.
pub const JITTER: f64 = 0.2;

/// The wait after the `failures`-th failure in a row (1 for the first),
/// for `random` in `[0, 1)`: `BASE_MS` doubled per failure, at most
/// `CAP_MS`, then moved by up to ±`JITTER`.
pub fn delay_ms(failures: u32, random: f64) -> u32 {
    let doublings = failures.saturating_sub(1).min(16);
    let plain = (u64::from(BASE_MS) << doublings).min(u64::from(CAP_MS)) as f64;
    let factor = 1.0 + JITTER * (2.0 * random.clamp(0.0, 1.0) - 1.0);
    (plain * factor).round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_from_the_base_without_jitter() {
        let waits: Vec<u32> = (1..=6).map(|n| delay_ms(n, 0.5)).collect();
        assert_eq!(waits, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000]);
    }

    #[test]
    fn stays_at_the_cap_however_many_failures() {
        assert_eq!(delay_ms(7, 0.5), CAP_MS);
        assert_eq!(delay_ms(u32::MAX, 0.5), CAP_MS);
    }

    #[test]
    fn jitter_moves_a_wait_by_at_most_a_fifth() {
        assert_eq!(delay_ms(1, 0.0), 800);
        assert_eq!(delay_ms(1, 0.999_999), 1_200);
        assert_eq!(delay_ms(20, 0.0), 24_000);
        assert_eq!(delay_ms(20, 1.0), 36_000);
        for i in 0..100 {
            let wait = delay_ms(3, f64::from(i) / 100.0);
            assert!((3_200..=4_800).contains(&wait), "{wait}");
        }
    }

    #[test]
    fn the_first_failure_waits_the_base() {
        assert_eq!(delay_ms(0, 0.5), BASE_MS);
        assert_eq!(delay_ms(1, 0.5), BASE_MS);
    }
}
