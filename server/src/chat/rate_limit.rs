//! Rate limits: flood control for messages and a brake on session creation.
//!
//! Built on `governor` (GCRA, one small state per key). Keyed state grows
//! with the number of distinct users and addresses, so [`Limiter::forget_idle`]
//! runs periodically to drop keys whose quota has fully refilled.

use std::{fmt, hash::Hash, num::NonZeroU32, str::FromStr, time::Duration};

use governor::{
    clock::{Clock, DefaultClock},
    DefaultKeyedRateLimiter, Quota,
};

/// A limit as people write it: `10/10s` (ten per ten seconds), `5/1m`,
/// `100/1h`, or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateSpec {
    Off,
    Every { count: NonZeroU32, window: Duration },
}

impl FromStr for RateSpec {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let raw = raw.trim();
        if raw == "off" {
            return Ok(RateSpec::Off);
        }
        let bad = || format!("{raw:?} is not a rate: write it like 10/10s, 5/1m, 100/1h, or off");
        let (count, window) = raw.split_once('/').ok_or_else(bad)?;
        let count: NonZeroU32 = count.trim().parse().map_err(|_| bad())?;
        let window = window.trim();
        let (amount, unit) =
            window.split_at(window.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?);
        let amount: u64 = amount.parse().map_err(|_| bad())?;
        let seconds = match unit {
            "s" => amount,
            "m" => amount * 60,
            "h" => amount * 3600,
            _ => return Err(bad()),
        };
        if seconds == 0 {
            return Err(bad());
        }
        Ok(RateSpec::Every {
            count,
            window: Duration::from_secs(seconds),
        })
    }
}

impl fmt::Display for RateSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RateSpec::Off => f.write_str("off"),
            RateSpec::Every { count, window } => write!(f, "{count}/{}s", window.as_secs()),
        }
    }
}

/// A keyed limiter, or nothing when its spec is `off`.
pub struct Limiter<K: Hash + Eq + Clone> {
    inner: Option<DefaultKeyedRateLimiter<K>>,
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    pub fn new(spec: RateSpec) -> Self {
        let inner = match spec {
            RateSpec::Off => None,
            RateSpec::Every { count, window } => {
                // `count` at once, refilled evenly over `window`.
                let period = (window / count.get()).max(Duration::from_nanos(1));
                Quota::with_period(period)
                    .map(|quota| DefaultKeyedRateLimiter::keyed(quota.allow_burst(count)))
            }
        };
        Self { inner }
    }

    /// `Err(wait)` when `key` has used up its quota for now.
    pub fn check(&self, key: &K) -> Result<(), Duration> {
        let Some(limiter) = &self.inner else {
            return Ok(());
        };
        limiter
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Drops the state of keys that are back to a full quota.
    pub fn forget_idle(&self) {
        if let Some(limiter) = &self.inner {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_counts_per_window() {
        let ten = NonZeroU32::new(10).unwrap();
        assert_eq!(
            "10/10s".parse(),
            Ok(RateSpec::Every {
                count: ten,
                window: Duration::from_secs(10)
            })
        );
        assert_eq!(
            " 10/2m ".parse(),
            Ok(RateSpec::Every {
                count: ten,
                window: Duration::from_secs(120)
            })
        );
        assert_eq!(
            "10/1h".parse(),
            Ok(RateSpec::Every {
                count: ten,
                window: Duration::from_secs(3600)
            })
        );
        assert_eq!("off".parse(), Ok(RateSpec::Off));
    }

    #[test]
    fn refuses_what_is_not_a_rate() {
        for bad in [
            "", "10", "0/10s", "10/0s", "10/s", "10/10", "10/10d", "-1/10s", "ten/10s",
        ] {
            assert!(bad.parse::<RateSpec>().is_err(), "{bad}");
        }
    }

    #[test]
    fn allows_the_burst_then_says_how_long_to_wait() {
        let limiter = Limiter::new("3/60s".parse().unwrap());
        for _ in 0..3 {
            assert_eq!(limiter.check(&"ana"), Ok(()));
        }
        let wait = limiter.check(&"ana").unwrap_err();
        assert!(
            wait > Duration::from_secs(15) && wait <= Duration::from_secs(20),
            "{wait:?}"
        );
        assert_eq!(limiter.check(&"bia"), Ok(()), "keys are limited separately");
    }

    #[test]
    fn off_never_limits() {
        let limiter = Limiter::new(RateSpec::Off);
        for _ in 0..1000 {
            assert_eq!(limiter.check(&1), Ok(()));
        }
    }
}
