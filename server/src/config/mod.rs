//! Configuration from flags and the environment ([`settings`]), with
//! defaults that run papo on a laptop with nothing set.

mod database_url;
mod settings;

use std::{net::SocketAddr, num::NonZeroU32, time::Duration};

use clap::Parser;
use domain::Nickname;
use leptos::config::{get_configuration, LeptosOptions};

pub use self::{
    database_url::DatabaseUrl,
    settings::{AdminNames, Settings},
};
use crate::{
    chat::feed_caps::FeedCaps,
    chat::rate_limit::RateSpec,
    http::client_address::TrustedProxies,
    http::connection::{self, Deadlines},
    http::metrics_access::MetricsAccess,
    http::secure_cookies::CookieSecurity,
    http::sse,
    ops::telemetry::LogFormat,
    store::postgres::PoolSettings,
};

/// The SQLite file papo uses when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/papo.db";

/// How long a session lasts after its last use: a month, as Slack's and
/// Zulip's do by default; each use renews it.
pub const DEFAULT_SESSION_TTL: Duration = Duration::from_secs(30 * 24 * 3600);

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

/// Every other state change per account (edits, deletes, channels, joins,
/// DMs, tokens, sign-outs): a burst of 30, then one every 2 s. Each of
/// these fans out to every reader; a loop of edits would otherwise push
/// every feed out of the hub's buffer into database catch-ups. People
/// doing these by hand stay far below it.
pub const DEFAULT_WRITE_RATE: &str = "30/1m";

/// Open live feeds per account. The tabs of a browser share one feed, so a
/// person needs one per browser or device, and a few for scripts.
pub const DEFAULT_FEEDS_PER_ACCOUNT: u32 = 16;

/// Open live feeds per client address: an office behind one NAT address
/// has one per person, so this is generous; it stops one machine from
/// holding thousands.
pub const DEFAULT_FEEDS_PER_ADDRESS: u32 = 256;

/// Events the hub buffers for a slow reader before it must catch up from
/// the database.
pub const DEFAULT_HUB_CAPACITY: usize = 1024;

#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite:…` or `postgres://…` (or `postgresql://…`).
    pub database_url: DatabaseUrl,
    /// PostgreSQL's pool: `PAPO_DB_MAX_CONNECTIONS` (default 10) and
    /// `PAPO_DB_ACQUIRE_TIMEOUT_MS` (default 5,000). SQLite ignores them.
    pub db_pool: PoolSettings,
    /// `LEPTOS_SITE_ADDR` (cargo-leptos sets it from `Cargo.toml`); port 0
    /// picks a free port, as the tests do.
    pub addr: SocketAddr,
    /// `PAPO_SECURE_COOKIES`: `auto` (the default) makes the session
    /// cookie `Secure` when a trusted proxy says the request came over
    /// HTTPS (see [`crate::http::secure_cookies`]).
    pub secure_cookies: CookieSecurity,
    /// How long a session lasts after its last use (`PAPO_SESSION_DAYS`,
    /// default 30).
    pub session_ttl: Duration,
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
    /// Other state changes per account (`PAPO_WRITE_RATE`, default `30/1m`).
    pub write_rate: RateSpec,
    /// The live feeds one account, and one client address, may have open
    /// (`PAPO_FEEDS_PER_ACCOUNT`, `PAPO_FEEDS_PER_ADDRESS`).
    pub feed_caps: FeedCaps,
    /// How long a request head and a stalled write may take
    /// (`PAPO_HEADER_TIMEOUT_SECS`, `PAPO_WRITE_TIMEOUT_SECS`).
    pub deadlines: Deadlines,
    /// `PAPO_TRUSTED_PROXIES`: the reverse proxies whose `X-Forwarded-For`
    /// names the client (see [`crate::http::client_address`]); empty by default.
    pub trusted_proxies: TrustedProxies,
    /// Who may read `/metrics`: nobody, unless `PAPO_METRICS_TOKEN` names
    /// the scraper's Bearer token or `PAPO_METRICS_OPEN=true` opens it.
    pub metrics: MetricsAccess,
    /// `LOG_FORMAT`: `text` (default) or `json`.
    pub log_format: LogFormat,
    /// `PAPO_ADMINS`: the registered accounts that are admins (the admin
    /// page and its stats); empty, the account registered first is.
    pub admins: Vec<Nickname>,
    /// The compiled site's location and name, from cargo-leptos.
    pub leptos_options: LeptosOptions,
}

impl Config {
    /// The configuration from the command line and the environment; on a
    /// bad value, prints which setting and why, and exits.
    pub fn load() -> Self {
        Self::from_settings(Settings::parse()).unwrap_or_else(|message| {
            use clap::CommandFactory;
            Settings::command()
                .error(clap::error::ErrorKind::ValueValidation, message)
                .exit()
        })
    }

    /// The configuration the settings describe, or what is wrong with them
    /// (naming the setting) for what clap cannot check without repeating
    /// a secret in its message.
    pub fn from_settings(settings: Settings) -> Result<Self, String> {
        let leptos_options = leptos_options();
        Ok(Self {
            database_url: DatabaseUrl::parse(&settings.database_url)?,
            db_pool: PoolSettings {
                max_connections: settings.db_max_connections,
                acquire_timeout: Duration::from_millis(settings.db_acquire_timeout_ms),
            },
            addr: settings.addr.unwrap_or(leptos_options.site_addr),
            secure_cookies: settings.secure_cookies,
            session_ttl: Duration::from_secs(u64::from(settings.session_days) * 24 * 3600),
            hub_capacity: usize::try_from(settings.hub_capacity).unwrap_or(usize::MAX),
            heartbeat: Duration::from_secs(settings.heartbeat_secs),
            replay_limit: settings.replay_limit,
            presence_grace: Duration::from_millis(settings.presence_grace_ms),
            post_rate: settings.post_rate,
            session_rate: settings.session_rate,
            login_rate: settings.login_rate,
            write_rate: settings.write_rate,
            feed_caps: FeedCaps {
                per_account: NonZeroU32::new(settings.feeds_per_account),
                per_address: NonZeroU32::new(settings.feeds_per_address),
            },
            deadlines: Deadlines {
                header: Duration::from_secs(settings.header_timeout_secs),
                write: Duration::from_secs(settings.write_timeout_secs),
            },
            trusted_proxies: settings.trusted_proxies.unwrap_or_default(),
            metrics: MetricsAccess::from_settings(
                settings.metrics_token.as_deref(),
                settings.metrics_open,
            )?,
            log_format: settings.log_format,
            admins: settings.admins.unwrap_or_default().0,
            leptos_options,
        })
    }

    /// A configuration for a server on a free local port with the given
    /// database (a `sqlite:` or `postgres://` URL) and no rate limits, as
    /// the tests use it.
    pub fn for_tests(database_url: String) -> Self {
        let leptos_options = leptos_options();
        Self {
            database_url: DatabaseUrl::parse(&database_url).expect("a test database URL"),
            db_pool: PoolSettings {
                max_connections: DEFAULT_DB_MAX_CONNECTIONS,
                acquire_timeout: DEFAULT_DB_ACQUIRE_TIMEOUT,
            },
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            secure_cookies: CookieSecurity::Auto,
            session_ttl: DEFAULT_SESSION_TTL,
            hub_capacity: DEFAULT_HUB_CAPACITY,
            heartbeat: sse::DEFAULT_HEARTBEAT,
            replay_limit: sse::DEFAULT_REPLAY_LIMIT,
            // Short, so that presence tests see people go offline quickly.
            presence_grace: Duration::from_millis(300),
            // Tests post and join in bursts; the rate-limit tests turn limits on.
            post_rate: RateSpec::Off,
            session_rate: RateSpec::Off,
            login_rate: RateSpec::Off,
            write_rate: RateSpec::Off,
            feed_caps: FeedCaps::default(),
            deadlines: Deadlines {
                header: connection::DEFAULT_HEADER_TIMEOUT,
                write: connection::DEFAULT_WRITE_TIMEOUT,
            },
            trusted_proxies: TrustedProxies::default(),
            metrics: MetricsAccess::Closed,
            log_format: LogFormat::Text,
            admins: Vec::new(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_run_papo_on_a_laptop() {
        let config = Config::from_settings(Settings::try_parse_from(["papo"]).unwrap()).unwrap();
        assert_eq!(config.database_url.as_str(), DEFAULT_DATABASE_URL);
        assert_eq!(config.secure_cookies, CookieSecurity::Auto);
        assert_eq!(config.metrics, MetricsAccess::Closed);
        assert_eq!(config.db_pool.max_connections, 10);
        assert_eq!(config.db_pool.acquire_timeout, Duration::from_secs(5));
        assert_eq!(config.post_rate, DEFAULT_POST_RATE.parse().unwrap());
        assert_eq!(config.trusted_proxies, TrustedProxies::default());
        assert!(config.admins.is_empty());
    }

    #[test]
    fn what_clap_does_not_check_names_its_setting() {
        let settings = |args: &[&str]| Settings::try_parse_from(args).unwrap();
        let database = Config::from_settings(settings(&["papo", "--database-url=mysql://db/papo"]))
            .unwrap_err();
        assert!(database.contains("DATABASE_URL"), "{database}");
        let token = Config::from_settings(settings(&["papo", "--metrics-token=a b"])).unwrap_err();
        assert!(token.contains("PAPO_METRICS_TOKEN"), "{token}");
    }
}
