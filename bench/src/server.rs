//! Starting the release build of papo on a fresh database (SQLite, or a
//! throwaway PostgreSQL shared by several instances), reading its memory,
//! and stopping it.

use std::{
    net::TcpListener,
    path::Path,
    process::Stdio,
    time::{Duration, Instant},
};

use anyhow::{anyhow, bail, Context};
use tempfile::TempDir;
use throwaway_postgres::{Cluster, Durability};
use tokio::process::{Child, Command};

/// How long papo may take to answer `/healthz` after it starts.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// Raises this process's open-file limit to its hard limit (papo, started
/// from here, inherits it): 10,000 readers need 10,000 sockets on each
/// side. Returns the limit now in force.
pub fn raise_open_files_limit() -> anyhow::Result<u64> {
    rlimit::increase_nofile_limit(u64::MAX).context("raising the open-files limit")
}

/// A running papo, stopped when dropped.
pub struct Papo {
    child: Child,
    pub base: String,
    pub database_url: String,
    /// Holds the database (none for `bare-sse`); removed with the server.
    _data: Option<TempDir>,
}

impl Papo {
    /// Starts `target/release/papo-server` on a free port with a fresh SQLite
    /// database and no rate limits, plus `env`, and waits until it answers.
    pub async fn start(root: &Path, env: &[(&str, &str)]) -> anyhow::Result<Self> {
        let data = tempfile::Builder::new().prefix("papo-bench").tempdir()?;
        let database_url = format!("sqlite://{}", data.path().join("papo.db").display());
        Self::start_on(root, database_url, Some(data), env).await
    }

    /// Starts `target/release/papo-server` on the database at `database_url`
    /// (held by `data`, if given), as [`Papo::start`] does.
    async fn start_on(
        root: &Path,
        database_url: String,
        data: Option<TempDir>,
        env: &[(&str, &str)],
    ) -> anyhow::Result<Self> {
        let binary = root.join("target/release/papo-server");
        if !binary.exists() {
            bail!(
                "{} is missing: run `make bench`, which builds it first",
                binary.display()
            );
        }
        let port = free_port()?;
        let mut command = Command::new(binary);
        command
            .current_dir(root)
            .env("LEPTOS_SITE_ROOT", root.join("target/site"))
            .env("LEPTOS_OUTPUT_NAME", "papo")
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("DATABASE_URL", &database_url)
            .env("PAPO_POST_RATE", "off")
            .env("PAPO_SESSION_RATE", "off")
            .env("PAPO_LOGIN_RATE", "off")
            .env("PAPO_WRITE_RATE", "off")
            // The scenarios open thousands of feeds from one address.
            .env("PAPO_FEEDS_PER_ACCOUNT", "0")
            .env("PAPO_FEEDS_PER_ADDRESS", "0")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        for (key, value) in env {
            command.env(key, value);
        }
        Self::launch(command, port, database_url, data).await
    }

    /// `bare-sse` (the HTTP stack alone, see `src/bin/bare-sse.rs`) in
    /// papo's place; it has no database.
    pub async fn start_bare() -> anyhow::Result<Self> {
        // Built beside papo-bench (`make bench` builds both).
        let binary = std::env::current_exe()?.with_file_name("bare-sse");
        if !binary.exists() {
            bail!("{} is missing: run `make bench`", binary.display());
        }
        let port = free_port()?;
        let mut command = Command::new(binary);
        command
            .arg(format!("127.0.0.1:{port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .kill_on_drop(true);
        Self::launch(command, port, String::new(), None).await
    }

    async fn launch(
        mut command: Command,
        port: u16,
        database_url: String,
        data: Option<TempDir>,
    ) -> anyhow::Result<Self> {
        let child = command.spawn().context("starting the server")?;
        let server = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            database_url,
            _data: data,
        };
        server.wait_until_healthy().await?;
        Ok(server)
    }

    async fn wait_until_healthy(&self) -> anyhow::Result<()> {
        let client = reqwest::Client::new();
        let started = Instant::now();
        let url = format!("{}/healthz", self.base);
        while started.elapsed() < START_TIMEOUT {
            if let Ok(answer) = client.get(&url).send().await {
                if answer.status().is_success() {
                    return Ok(());
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!("papo did not answer {url} within {START_TIMEOUT:?}")
    }

    /// papo's resident memory, in KiB.
    pub fn rss_kib(&self) -> anyhow::Result<u64> {
        let pid = self.child.id().context("papo has exited")?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .context("no VmRSS in /proc/<pid>/status")
    }

    /// Asks papo to shut down (SIGTERM) and waits for it.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(pid) = self.child.id() {
            let _ = std::process::Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status();
        }
        match tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await {
            Ok(status) => {
                status?;
            }
            Err(_) => self.child.kill().await?,
        }
        Ok(())
    }
}

/// The database the papo under test runs on, and how many instances
/// serve it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// One papo on a fresh SQLite file.
    Sqlite,
    /// `instances` papos on one fresh database of a throwaway PostgreSQL.
    Postgres { instances: usize },
    /// No papo: `bare-sse`'s in-memory ceiling (no storage, no sign-in)
    /// in its place, for papo's fan-out to be measured against.
    Ceiling,
}

impl Backend {
    /// Whether messages are stored, to be counted afterwards.
    pub fn stores(self) -> bool {
        self != Backend::Ceiling
    }
}

/// The papos of a run and their database; dropped, they stop, and then
/// the PostgreSQL (if any) stops and is removed.
pub struct Deployment {
    /// At least one; the fields drop in order, papos first.
    pub papos: Vec<Papo>,
    pub database_url: String,
    postgres: Option<Cluster>,
}

impl Deployment {
    /// Starts what `backend` says. PostgreSQL runs with its default
    /// durability (a commit waits for its WAL flush), as SQLite runs with
    /// `synchronous=FULL`. If it cannot start, the error says why, in
    /// PostgreSQL's own words.
    pub async fn start(root: &Path, backend: Backend) -> anyhow::Result<Self> {
        match backend {
            Backend::Sqlite => {
                let papo = Papo::start(root, &[]).await?;
                Ok(Self {
                    database_url: papo.database_url.clone(),
                    papos: vec![papo],
                    postgres: None,
                })
            }
            Backend::Ceiling => Ok(Self {
                papos: vec![Papo::start_bare().await?],
                database_url: String::new(),
                postgres: None,
            }),
            Backend::Postgres { instances } => {
                let cluster = Cluster::start(Durability::Full)
                    .await
                    .map_err(|reason| anyhow!("PostgreSQL could not be started: {reason}"))?;
                let database_url = cluster
                    .create_database("papo_bench")
                    .await
                    .map_err(|reason| anyhow!("PostgreSQL: {reason}"))?;
                let mut papos = Vec::with_capacity(instances);
                // One at a time: the first applies the migrations.
                for _ in 0..instances.max(1) {
                    papos.push(Papo::start_on(root, database_url.clone(), None, &[]).await?);
                }
                Ok(Self {
                    papos,
                    database_url,
                    postgres: Some(cluster),
                })
            }
        }
    }

    /// The resident memory of every papo, in KiB, summed (PostgreSQL's
    /// own is not counted).
    pub fn rss_kib(&self) -> anyhow::Result<u64> {
        self.papos.iter().map(Papo::rss_kib).sum()
    }

    /// Stops every papo, then the database.
    pub async fn stop(self) -> anyhow::Result<()> {
        for papo in self.papos {
            papo.stop().await?;
        }
        if let Some(cluster) = self.postgres {
            cluster
                .stop()
                .await
                .map_err(|reason| anyhow!("stopping PostgreSQL: {reason}"))?;
        }
        Ok(())
    }
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}
