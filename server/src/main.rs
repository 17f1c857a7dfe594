use server::{config::Config, ops::telemetry, startup::Application};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::load();
    if let Err(message) = telemetry::init(config.log_format) {
        eprintln!("error: {message}");
        std::process::exit(2);
    }
    raise_open_file_limit();
    let app = Application::build(config).await?;
    tracing::info!("papo is listening on http://127.0.0.1:{}", app.port());
    app.run_until_stopped().await?;
    Ok(())
}

/// Every connection is an open file, and the usual soft limit (1,024) would
/// let a thousand idle sockets stop papo accepting anyone: the soft limit
/// goes up to the hard one, which the operator controls.
fn raise_open_file_limit() {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => tracing::debug!(limit, "open files"),
        Err(error) => tracing::warn!(%error, "could not raise the open-file limit"),
    }
}
