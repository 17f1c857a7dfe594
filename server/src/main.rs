use server::{config::Config, startup::Application, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::load();
    telemetry::init(config.log_format);
    let app = Application::build(config).await?;
    tracing::info!("papo is listening on http://127.0.0.1:{}", app.port());
    app.run_until_stopped().await?;
    Ok(())
}
