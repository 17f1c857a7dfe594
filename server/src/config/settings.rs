//! Every setting as a command-line flag and an environment variable, with
//! its default, in one place: `papo --help` lists them all. A flag wins
//! over its variable; a value that does not parse stops papo with a
//! message saying which setting and why.

use std::net::SocketAddr;

use clap::{builder::BoolishValueParser, value_parser, Parser};
use domain::Nickname;

use super::{
    DEFAULT_DATABASE_URL, DEFAULT_DB_ACQUIRE_TIMEOUT, DEFAULT_DB_MAX_CONNECTIONS,
    DEFAULT_FEEDS_PER_ACCOUNT, DEFAULT_FEEDS_PER_ADDRESS, DEFAULT_HUB_CAPACITY, DEFAULT_LOGIN_RATE,
    DEFAULT_POST_RATE, DEFAULT_SESSION_RATE, DEFAULT_SESSION_TTL, DEFAULT_WRITE_RATE,
};
use crate::{
    chat::rate_limit::RateSpec, http::client_address::TrustedProxies, http::connection,
    http::secure_cookies::CookieSecurity, http::sse, live::presence, ops::telemetry::LogFormat,
};

#[derive(Debug, Parser)]
#[command(
    name = "papo-server",
    version,
    about = "papo: a self-hosted real-time team chat",
    after_help = "RUST_LOG filters the log (default info,sqlx=warn)."
)]
pub struct Settings {
    /// The database: sqlite://FILE for one instance, postgres://… (or postgresql://…) for several
    // Checked in `Config::from_settings`, not here: clap's message would
    // repeat the whole URL, password and all.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,

    /// The address to listen on [default: cargo-leptos's site-addr, 127.0.0.1:3000]
    #[arg(long, env = "LEPTOS_SITE_ADDR")]
    pub addr: Option<SocketAddr>,

    /// PostgreSQL connections per instance
    #[arg(long, env = "PAPO_DB_MAX_CONNECTIONS", default_value_t = DEFAULT_DB_MAX_CONNECTIONS,
          value_parser = value_parser!(u32).range(1..))]
    pub db_max_connections: u32,

    /// How long a PostgreSQL query waits for a free connection, in ms
    #[arg(long, env = "PAPO_DB_ACQUIRE_TIMEOUT_MS",
          default_value_t = DEFAULT_DB_ACQUIRE_TIMEOUT.as_millis() as u64,
          value_parser = value_parser!(u64).range(1..))]
    pub db_acquire_timeout_ms: u64,

    /// Mark the session cookie Secure (and name it __Host-papo_session): auto when a trusted proxy's X-Forwarded-Proto says https, true or false always
    #[arg(long, env = "PAPO_SECURE_COOKIES", default_value = "auto",
          value_parser = CookieSecurity::parse, num_args = 0..=1, default_missing_value = "true")]
    pub secure_cookies: CookieSecurity,

    /// Days a session lasts after its last use; its open feeds end when it does
    #[arg(long, env = "PAPO_SESSION_DAYS", default_value_t = (DEFAULT_SESSION_TTL.as_secs() / 86_400) as u32,
          value_parser = value_parser!(u32).range(1..=3650))]
    pub session_days: u32,

    /// Events buffered for slow readers before they catch up from the database
    #[arg(long, env = "PAPO_HUB_CAPACITY", default_value_t = DEFAULT_HUB_CAPACITY as u64,
          value_parser = value_parser!(u64).range(1..))]
    pub hub_capacity: u64,

    /// Seconds between heartbeats on an idle live feed
    #[arg(long, env = "PAPO_HEARTBEAT_SECS", default_value_t = sse::DEFAULT_HEARTBEAT.as_secs(),
          value_parser = value_parser!(u64).range(1..))]
    pub heartbeat_secs: u64,

    /// Most events a resuming feed replays; from further back it gets `resync`
    #[arg(long, env = "PAPO_REPLAY_LIMIT", default_value_t = sse::DEFAULT_REPLAY_LIMIT,
          value_parser = value_parser!(u64).range(1..))]
    pub replay_limit: u64,

    /// How long someone stays online after their last feed closes, in ms
    #[arg(long, env = "PAPO_PRESENCE_GRACE_MS",
          default_value_t = presence::DEFAULT_GRACE.as_millis() as u64,
          value_parser = value_parser!(u64).range(1..))]
    pub presence_grace_ms: u64,

    /// Messages per user: COUNT/WINDOW (10/10s, 60/1m) or off
    #[arg(long, env = "PAPO_POST_RATE", default_value = DEFAULT_POST_RATE, value_parser = parse_rate)]
    pub post_rate: RateSpec,

    /// Sessions opened per client address: COUNT/WINDOW or off
    #[arg(long, env = "PAPO_SESSION_RATE", default_value = DEFAULT_SESSION_RATE, value_parser = parse_rate)]
    pub session_rate: RateSpec,

    /// Sign-in attempts per account and per address: COUNT/WINDOW or off
    #[arg(long, env = "PAPO_LOGIN_RATE", default_value = DEFAULT_LOGIN_RATE, value_parser = parse_rate)]
    pub login_rate: RateSpec,

    /// State changes per account besides messages (edits, deletes, channels, joins, DMs, tokens, sign-outs): COUNT/WINDOW or off
    #[arg(long, env = "PAPO_WRITE_RATE", default_value = DEFAULT_WRITE_RATE, value_parser = parse_rate)]
    pub write_rate: RateSpec,

    /// Live feeds one account may have open at once (0: no limit)
    #[arg(long, env = "PAPO_FEEDS_PER_ACCOUNT", default_value_t = DEFAULT_FEEDS_PER_ACCOUNT)]
    pub feeds_per_account: u32,

    /// Live feeds one client address (an IPv6 /64) may have open at once (0: no limit)
    #[arg(long, env = "PAPO_FEEDS_PER_ADDRESS", default_value_t = DEFAULT_FEEDS_PER_ADDRESS)]
    pub feeds_per_address: u32,

    /// Seconds a connection has to send a whole request head; also how long an idle keep-alive connection stays open
    #[arg(long, env = "PAPO_HEADER_TIMEOUT_SECS",
          default_value_t = connection::DEFAULT_HEADER_TIMEOUT.as_secs(),
          value_parser = value_parser!(u64).range(1..))]
    pub header_timeout_secs: u64,

    /// Seconds a write may wait for a client that does not read before the connection is dropped
    #[arg(long, env = "PAPO_WRITE_TIMEOUT_SECS",
          default_value_t = connection::DEFAULT_WRITE_TIMEOUT.as_secs(),
          value_parser = value_parser!(u64).range(1..))]
    pub write_timeout_secs: u64,

    /// Reverse proxies whose X-Forwarded-For names the client: addresses or CIDR ranges, comma-separated [default: none, the TCP peer is the client]
    #[arg(long, env = "PAPO_TRUSTED_PROXIES", value_parser = TrustedProxies::parse)]
    pub trusted_proxies: Option<TrustedProxies>,

    /// Bearer token /metrics asks for [default: none, /metrics answers 404 to all]
    // Checked in `Config::from_settings`: clap's message would repeat it.
    #[arg(long, env = "PAPO_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// Open /metrics to anyone who reaches papo, without a token
    #[arg(long, env = "PAPO_METRICS_OPEN", default_value = "false",
          value_parser = BoolishValueParser::new(), num_args = 0..=1, default_missing_value = "true")]
    pub metrics_open: bool,

    /// The admins: registered accounts, comma-separated [default: the account registered first]
    #[arg(long, env = "PAPO_ADMINS", value_parser = parse_admins)]
    pub admins: Option<AdminNames>,

    /// Log lines as readable text or one JSON object per line (text, json)
    #[arg(long, env = "LOG_FORMAT", default_value = "text", value_parser = parse_log_format)]
    pub log_format: LogFormat,
}

fn parse_rate(raw: &str) -> Result<RateSpec, String> {
    raw.parse()
}

/// The names of `PAPO_ADMINS`, as written (an empty list names nobody).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdminNames(pub Vec<Nickname>);

fn parse_admins(raw: &str) -> Result<AdminNames, String> {
    raw.split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| Nickname::parse(name).map_err(|e| format!("{name:?}: {e}")))
        .collect::<Result<_, _>>()
        .map(AdminNames)
}

fn parse_log_format(raw: &str) -> Result<LogFormat, String> {
    LogFormat::parse(raw).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Parsed from arguments only: the flags win over any variable set.

    #[test]
    fn every_setting_has_a_flag_that_is_checked() {
        let settings = Settings::try_parse_from([
            "papo",
            "--database-url=postgres://db/papo",
            "--db-max-connections=20",
            "--secure-cookies",
            "--post-rate=off",
            "--log-format=json",
            "--admins=ana, Bob",
            "--trusted-proxies=127.0.0.1",
        ])
        .unwrap();
        assert_eq!(settings.database_url, "postgres://db/papo");
        assert_eq!(settings.db_max_connections, 20);
        assert_eq!(settings.secure_cookies, CookieSecurity::Always);
        assert_eq!(settings.post_rate, RateSpec::Off);
        assert_eq!(settings.log_format, LogFormat::Json);
        assert_eq!(settings.trusted_proxies.unwrap().0.len(), 1);
        let admins = settings.admins.unwrap().0;
        assert_eq!(
            admins,
            [
                Nickname::parse("ana").unwrap(),
                Nickname::parse("Bob").unwrap()
            ]
        );
    }

    #[test]
    fn a_bad_value_names_its_setting() {
        let zero = Settings::try_parse_from(["papo", "--db-max-connections=0"]).unwrap_err();
        assert!(zero.to_string().contains("--db-max-connections"), "{zero}");
        let rate = Settings::try_parse_from(["papo", "--post-rate=often"]).unwrap_err();
        assert!(rate.to_string().contains("--post-rate"), "{rate}");
        let admins = Settings::try_parse_from(["papo", "--admins=ana,no one"]).unwrap_err();
        assert!(admins.to_string().contains("--admins"), "{admins}");
        let cookies = Settings::try_parse_from(["papo", "--secure-cookies=maybe"]).unwrap_err();
        assert!(
            cookies.to_string().contains("--secure-cookies"),
            "{cookies}"
        );
        let proxies = Settings::try_parse_from(["papo", "--trusted-proxies=nginx"]).unwrap_err();
        assert!(
            proxies.to_string().contains("--trusted-proxies"),
            "{proxies}"
        );
    }

    #[test]
    fn help_lists_each_variable_and_default() {
        use clap::CommandFactory;
        let help = Settings::command().render_long_help().to_string();
        for expected in [
            "DATABASE_URL",
            "PAPO_DB_MAX_CONNECTIONS",
            "PAPO_POST_RATE",
            "[default: 10/10s]",
            "LOG_FORMAT",
            "PAPO_METRICS_TOKEN",
            "PAPO_METRICS_OPEN",
            "PAPO_SECURE_COOKIES",
            "PAPO_ADMINS",
            "PAPO_TRUSTED_PROXIES",
        ] {
            assert!(help.contains(expected), "{expected} missing from:\n{help}");
        }
    }
}
