//! Logging: `RUST_LOG` filters it (default `info`), `LOG_FORMAT` picks
//! readable lines (`text`, the default) or one JSON object per line
//! (`json`, for log collectors). Each request's span carries its method,
//! route, path, request id and user (see [`crate::http::request_id`]), and one
//! line reports its status and latency when it is answered.

use tracing_subscriber::EnvFilter;

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// `LOG_FORMAT`'s value, if it is one papo knows.
    pub fn parse(raw: &str) -> anyhow::Result<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "" | "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            other => anyhow::bail!("LOG_FORMAT must be text or json, not {other:?}"),
        }
    }
}

/// Installs the global logger, writing in `format` and filtered by
/// `RUST_LOG`; a `RUST_LOG` that is not a filter is an error (before, papo
/// ran on the default filter, and the operator looked for lines that would
/// never come).
pub fn init(format: LogFormat) -> Result<(), String> {
    let filter = match std::env::var(EnvFilter::DEFAULT_ENV) {
        Ok(directives) => EnvFilter::try_new(&directives)
            .map_err(|e| format!("RUST_LOG is not a log filter such as info,server=debug: {e}"))?,
        Err(_) => EnvFilter::new("info,sqlx=warn"),
    };
    let logger = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = match format {
        LogFormat::Text => logger.try_init(),
        LogFormat::Json => logger
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::LogFormat;

    #[test]
    fn log_formats_are_text_or_json() {
        assert_eq!(LogFormat::parse("").unwrap(), LogFormat::Text);
        assert_eq!(LogFormat::parse(" JSON ").unwrap(), LogFormat::Json);
        assert_eq!(
            LogFormat::parse("xml").unwrap_err().to_string(),
            "LOG_FORMAT must be text or json, not \"xml\""
        );
    }
}
