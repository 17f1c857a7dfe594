//! Configuration from the environment, with defaults that run papo on a
//! laptop with nothing set.

use std::{net::SocketAddr, time::Duration};

use anyhow::Context;
use leptos::config::{get_configuration, LeptosOptions};

use crate::{presence, rate_limit::RateSpec, sse, store::postgres::PoolSettings};

/// The SQLite file papo uses when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/papo.db";

/// PostgreSQL connections per instance. Writes that append events run one
/// at a time across instances, so more connections mostly serve reads.
pub const DEFAULT_DB_MAX_CONNECTIONS: u32 = 10;

/// How long a PostgreSQL query waits for a free connection before failing.
pub const DEFAULT_DB_ACQUIRE_TIMEOUT: Duration = Duration::from_millis(5000);

/// Flood control: a burst of 10 messages, then one a second.
pub const DEFAULT_POST_RATE: &str = "10/10s";

/// Joins per client address; generous, as an office may share one address.
pub const DEFAULT_SESSION_RATE: &str = "30/1m";

/// Sign-in attempts per account and per address: slows password guessing
/// to a crawl while a person who mistypes a few times is not bothered.
pub const DEFAULT_LOGIN_RATE: &str = "10/5m";

/// Under load, a group commit of messages starts at most this often: see
/// `chat::group_commit`.
pub const DEFAULT_COMMIT_INTERVAL: Duration = Duration::from_millis(25);

/// Events the hub buffers for a slow reader before it must catch up from
/// the database.
pub const DEFAULT_HUB_CAPACITY: usize = 1024;

#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite:…` or `postgres://…` (or `postgresql://…`).
    pub database_url: String,
    /// PostgreSQL's pool: `PAPO_DB_MAX_CONNECTIONS` (default 10) and
    /// `PAPO_DB_ACQUIRE_TIMEOUT_MS` (default 5,000). SQLite ignores them.
    pub db_pool: PoolSettings,
    /// `LEPTOS_SITE_ADDR` (cargo-leptos sets it from `Cargo.toml`); port 0
    /// picks a free port, as the tests do.
    pub addr: SocketAddr,
    /// `PAPO_SECURE_COOKIES=true` when papo is served over HTTPS.
    pub secure_cookies: bool,
    /// `PAPO_HUB_CAPACITY`.
    pub hub_capacity: usize,
    /// Seconds between heartbeats on an idle live feed (`PAPO_HEARTBEAT_SECS`).
    pub heartbeat: Duration,
    /// How many events a resuming feed replays at most (`PAPO_REPLAY_LIMIT`,
    /// default 10,000); from further back it gets `resync` instead.
    pub replay_limit: u64,
    /// How long someone stays online after their last feed closes
    /// (`PAPO_PRESENCE_GRACE_MS`, default 5,000).
    pub presence_grace: Duration,
    /// Messages per user (`PAPO_POST_RATE`, default `10/10s`).
    pub post_rate: RateSpec,
    /// Sessions opened per client address (`PAPO_SESSION_RATE`, default `30/1m`).
    pub session_rate: RateSpec,
    /// Sign-in attempts per account and per address (`PAPO_LOGIN_RATE`, default `10/5m`).
    pub login_rate: RateSpec,
    /// The least time between two group commits of messages
    /// (`PAPO_COMMIT_INTERVAL_MS`, default 25; 0 commits as soon as it can).
    pub commit_interval: Duration,
    /// `PAPO_METRICS_TOKEN`: when set, `/metrics` answers only requests
    /// with `Authorization: Bearer <it>`; unset, anyone who reaches papo
    /// may read the metrics (they hold counts, never names or content).
    pub metrics_token: Option<String>,
    /// The compiled site's location and name, from cargo-leptos.
    pub leptos_options: LeptosOptions,
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let leptos_options = leptos_options();
        Ok(Self {
            database_url: std::env::var("DATABASE_URL")
                .unwrap_or_else(|_| DEFAULT_DATABASE_URL.to_owned()),
            db_pool: db_pool()?,
            addr: leptos_options.site_addr,
            secure_cookies: flag("PAPO_SECURE_COOKIES")?,
            hub_capacity: positive("PAPO_HUB_CAPACITY")?.unwrap_or(DEFAULT_HUB_CAPACITY as u64)
                as usize,
            heartbeat: positive("PAPO_HEARTBEAT_SECS")?
                .map_or(sse::DEFAULT_HEARTBEAT, Duration::from_secs),
            replay_limit: positive("PAPO_REPLAY_LIMIT")?.unwrap_or(sse::DEFAULT_REPLAY_LIMIT),
            presence_grace: positive("PAPO_PRESENCE_GRACE_MS")?
                .map_or(presence::DEFAULT_GRACE, Duration::from_millis),
            post_rate: rate("PAPO_POST_RATE", DEFAULT_POST_RATE)?,
            session_rate: rate("PAPO_SESSION_RATE", DEFAULT_SESSION_RATE)?,
            login_rate: rate("PAPO_LOGIN_RATE", DEFAULT_LOGIN_RATE)?,
            commit_interval: whole("PAPO_COMMIT_INTERVAL_MS")?
                .map_or(DEFAULT_COMMIT_INTERVAL, Duration::from_millis),
            metrics_token: std::env::var("PAPO_METRICS_TOKEN")
                .ok()
                .filter(|token| !token.trim().is_empty()),
            leptos_options,
        })
    }

    /// A configuration for a server on a free local port with the given
    /// database and no rate limits, as the tests use it.
    pub fn for_tests(database_url: String) -> Self {
        let leptos_options = leptos_options();
        Self {
            database_url,
            db_pool: PoolSettings {
                max_connections: DEFAULT_DB_MAX_CONNECTIONS,
                acquire_timeout: DEFAULT_DB_ACQUIRE_TIMEOUT,
            },
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            secure_cookies: false,
            hub_capacity: DEFAULT_HUB_CAPACITY,
            heartbeat: sse::DEFAULT_HEARTBEAT,
            replay_limit: sse::DEFAULT_REPLAY_LIMIT,
            // Short, so that presence tests see people go offline quickly.
            presence_grace: Duration::from_millis(300),
            // Tests post and join in bursts; the rate-limit tests turn limits on.
            post_rate: RateSpec::Off,
            session_rate: RateSpec::Off,
            login_rate: RateSpec::Off,
            commit_interval: DEFAULT_COMMIT_INTERVAL,
            metrics_token: None,
            leptos_options,
        }
    }
}

/// cargo-leptos passes the site's settings in `LEPTOS_*` variables; a plain
/// `cargo build` or `cargo test` has none, and gets the same defaults.
fn leptos_options() -> LeptosOptions {
    let from_cargo_leptos = std::env::var_os("LEPTOS_OUTPUT_NAME").is_some()
        || option_env!("LEPTOS_OUTPUT_NAME").is_some();
    from_cargo_leptos
        .then(|| get_configuration(None).ok())
        .flatten()
        .map(|conf| conf.leptos_options)
        .unwrap_or_else(|| {
            LeptosOptions::builder()
                .output_name("papo")
                .site_root("target/site")
                .build()
        })
}

fn db_pool() -> anyhow::Result<PoolSettings> {
    const MAX: &str = "PAPO_DB_MAX_CONNECTIONS";
    let max_connections = match positive(MAX)? {
        None => DEFAULT_DB_MAX_CONNECTIONS,
        Some(n) => u32::try_from(n).with_context(|| format!("{MAX} is too large: {n}"))?,
    };
    Ok(PoolSettings {
        max_connections,
        acquire_timeout: positive("PAPO_DB_ACQUIRE_TIMEOUT_MS")?
            .map_or(DEFAULT_DB_ACQUIRE_TIMEOUT, Duration::from_millis),
    })
}

fn rate(name: &str, default: &str) -> anyhow::Result<RateSpec> {
    let raw = std::env::var(name).unwrap_or_else(|_| default.to_owned());
    raw.parse().map_err(|e| anyhow::anyhow!("{name}: {e}"))
}

fn whole(name: &str) -> anyhow::Result<Option<u64>> {
    match std::env::var(name) {
        Err(_) => Ok(None),
        Ok(raw) => raw
            .trim()
            .parse()
            .map(Some)
            .with_context(|| format!("{name} must be a whole number, not {raw:?}")),
    }
}

fn positive(name: &str) -> anyhow::Result<Option<u64>> {
    match whole(name)? {
        Some(0) => anyhow::bail!("{name} must be a positive whole number, not 0"),
        n => Ok(n),
    }
}

fn flag(name: &str) -> anyhow::Result<bool> {
    match std::env::var(name).as_deref() {
        Err(_) | Ok("") | Ok("false") | Ok("0") => Ok(false),
        Ok("true") | Ok("1") => Ok(true),
        Ok(other) => anyhow::bail!("{name} must be true or false, not {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each test sets variables no other test reads: tests run in parallel.

    #[test]
    fn the_pool_settings_have_defaults() {
        let pool = Config::for_tests(DEFAULT_DATABASE_URL.into()).db_pool;
        assert_eq!(pool.max_connections, 10);
        assert_eq!(pool.acquire_timeout, Duration::from_secs(5));
    }

    #[test]
    fn a_pool_setting_must_be_a_positive_whole_number() {
        std::env::set_var("PAPO_TEST_POOL_ZERO", "0");
        std::env::set_var("PAPO_TEST_POOL_WORD", "ten");
        std::env::set_var("PAPO_TEST_POOL_OK", " 20 ");
        let zero = positive("PAPO_TEST_POOL_ZERO").unwrap_err().to_string();
        assert_eq!(
            zero,
            "PAPO_TEST_POOL_ZERO must be a positive whole number, not 0"
        );
        let word = positive("PAPO_TEST_POOL_WORD").unwrap_err().to_string();
        assert_eq!(
            word,
            "PAPO_TEST_POOL_WORD must be a whole number, not \"ten\""
        );
        assert_eq!(positive("PAPO_TEST_POOL_OK").unwrap(), Some(20));
        assert_eq!(positive("PAPO_TEST_POOL_UNSET").unwrap(), None);
    }
}
