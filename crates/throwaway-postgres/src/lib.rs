//! A throwaway PostgreSQL for the tests and for `make bench`. The tests
//! share one cluster per test process, started on first use, and a fresh
//! database in it for every test ([`fresh_database_url`]); the benchmark
//! starts a [`Cluster`] of its own and stops it when done.
//!
//! The cluster is made with `initdb` in a new temporary directory and
//! listens on a free 127.0.0.1 port (its Unix socket in that directory), so
//! the tests never depend on a server that happens to be running. When it
//! cannot be started, the test fails with the reason; it is never skipped.
//!
//! Rust never drops statics, so nothing in this process could stop the
//! cluster at exit. A small shell wrapper owns it instead: it starts
//! `postgres`, then waits to read from its stdin, a pipe this process holds
//! open. However this process ends, even killed, the pipe closes, and the
//! wrapper stops PostgreSQL and removes the directory. Dropping a
//! [`Cluster`] closes the pipe too.
//!
//! PostgreSQL refuses to run as root: under root, `initdb` and `postgres`
//! run as the `postgres` system user, which owns the directory.

use std::{
    io::Read,
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, ChildStdin, Command, Stdio},
    sync::atomic::{AtomicU64, Ordering},
    time::{Duration, Instant},
};

use sqlx::{Connection, Executor, PgConnection};
use tokio::sync::OnceCell;

/// How long a new cluster may take to accept connections.
const STARTUP_LIMIT: Duration = Duration::from_secs(30);

/// How long [`Cluster::stop`] waits for the wrapper to clean up.
const STOP_LIMIT: Duration = Duration::from_secs(30);

/// The tests' cluster, or why it could not be started.
static CLUSTER: OnceCell<Result<Cluster, String>> = OnceCell::const_new();

/// Whether commits wait for the disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// `fsync`, `synchronous_commit` and `full_page_writes` off: nothing
    /// waits for the disk, and a crash may lose anything. For the tests.
    Off,
    /// PostgreSQL's defaults: a commit returns once its WAL is flushed, as
    /// a real deployment runs. For measuring.
    Full,
}

impl Durability {
    fn settings(self) -> &'static str {
        match self {
            Durability::Off => "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            Durability::Full => "",
        }
    }
}

/// A running cluster; dropping it stops it and removes its directory.
pub struct Cluster {
    port: u16,
    /// Its data, log and socket; the wrapper removes it.
    dir: PathBuf,
    /// The wrapper that owns `postgres`.
    wrapper: Child,
    /// Closing it stops the cluster; never written.
    lifeline: Option<ChildStdin>,
}

/// A new, empty database in this process's cluster, with its URL: the
/// tests' cluster, started on first use (without durability) and stopped
/// when the process ends. Panics with the reason if it cannot be started.
pub async fn fresh_database_url() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let cluster = match CLUSTER
        .get_or_init(|| Cluster::start(Durability::Off))
        .await
    {
        Ok(cluster) => cluster,
        Err(reason) => panic!("the test PostgreSQL could not be started: {reason}"),
    };
    let name = format!("papo_test_{}", NEXT.fetch_add(1, Ordering::Relaxed));
    match cluster.create_database(&name).await {
        Ok(url) => url,
        Err(reason) => panic!("the test PostgreSQL: {reason}"),
    }
}

impl Cluster {
    /// Makes a cluster and waits until it accepts connections; when it
    /// cannot, the error carries PostgreSQL's own log.
    pub async fn start(durability: Durability) -> Result<Cluster, String> {
        let bin = binaries()?;
        let dir = tempfile::Builder::new()
            .prefix("papo-pg-")
            .tempdir()
            .map_err(|e| format!("creating a temporary directory: {e}"))?
            .keep();
        let as_root = is_root();
        if as_root {
            run(Command::new("chown").arg("postgres:postgres").arg(&dir))?;
        }
        let port = free_port()?;
        let mut wrapper = launch(as_root, &bin, &dir, port, durability)?;
        let lifeline = wrapper.stdin.take();
        let mut cluster = Cluster {
            port,
            dir,
            wrapper,
            lifeline,
        };
        let started = Instant::now();
        loop {
            match PgConnection::connect(&cluster.url("postgres")).await {
                Ok(connection) => {
                    connection.close().await.ok();
                    return Ok(cluster);
                }
                Err(error) => {
                    if let Ok(Some(status)) = cluster.wrapper.try_wait() {
                        let mut output = String::new();
                        if let Some(mut stderr) = cluster.wrapper.stderr.take() {
                            stderr.read_to_string(&mut output).ok();
                        }
                        return Err(format!("PostgreSQL stopped ({status}): {output}"));
                    }
                    if started.elapsed() > STARTUP_LIMIT {
                        return Err(format!("no connection within {STARTUP_LIMIT:?}: {error}"));
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Its directory: the data, `postgres.log` and the Unix socket, all
    /// removed when the cluster stops.
    pub fn directory(&self) -> &Path {
        &self.dir
    }

    /// The URL of `database` in this cluster, as the superuser `postgres`.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Creates the empty database `name` (letters, digits and `_`) and
    /// returns its URL.
    pub async fn create_database(&self, name: &str) -> Result<String, String> {
        let mut admin = PgConnection::connect(&self.url("postgres"))
            .await
            .map_err(|e| format!("connecting: {e}"))?;
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .map_err(|e| format!("creating the database {name}: {e}"))?;
        admin.close().await.ok();
        Ok(self.url(name))
    }

    /// Stops the cluster and waits until its directory is gone (dropping
    /// it stops it too, without waiting).
    pub async fn stop(mut self) -> Result<(), String> {
        drop(self.lifeline.take());
        let started = Instant::now();
        loop {
            match self.wrapper.try_wait() {
                Ok(Some(_)) => return Ok(()),
                Ok(None) if started.elapsed() < STOP_LIMIT => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                Ok(None) => return Err(format!("PostgreSQL still running after {STOP_LIMIT:?}")),
                Err(error) => return Err(format!("waiting for PostgreSQL to stop: {error}")),
            }
        }
    }
}

/// The wrapper: makes the cluster with `initdb`, runs `postgres` until it
/// stops or this process's end closes the wrapper's stdin, then stops it at
/// once and removes `dir`. A failure's log goes to its stderr. It is in a
/// process group of its own, so a Ctrl-C meant for the tests does not kill
/// it before it has cleaned up. The server is told to stop until it has:
/// a background job starts with SIGQUIT ignored, so a stop requested
/// before `postgres` installs its handler would be lost. `setpriv` runs a program as `postgres`
/// without staying in between (as `runuser` would), so `$!` is the server.
fn launch(
    as_root: bool,
    bin: &Path,
    dir: &Path,
    port: u16,
    durability: Durability,
) -> Result<Child, String> {
    let user = if as_root {
        "setpriv --reuid=postgres --regid=postgres --init-groups -- "
    } else {
        ""
    };
    let settings = durability.settings();
    let script = format!(
        r#"fail() {{ cat "$1/$2" >&2; rm -rf "$1"; exit 1; }}
           exec 3<&0
           {user}"$0/initdb" --username=postgres --auth=trust --encoding=UTF8 --locale=C \
             --no-sync --pgdata="$1/data" >"$1/initdb.log" 2>&1 || fail "$1" initdb.log
           {user}"$0/postgres" -D "$1/data" -k "$1" -h 127.0.0.1 -p "$2" \
             {settings} -c max_connections=500 >"$1/postgres.log" 2>&1 &
           server=$!
           {{ read _ignored <&3
              while kill -QUIT "$server" 2>/dev/null; do sleep 0.1; done; }} >/dev/null 2>&1 &
           wait "$server" || fail "$1" postgres.log
           rm -rf "$1""#
    );
    use std::os::unix::process::CommandExt;
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(bin)
        .arg(dir)
        .arg(port.to_string())
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("starting sh: {e}"))
}

fn run(command: &mut Command) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|e| format!("running {command:?}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed ({}): {}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Where `initdb` and `postgres` are: `pg_config --bindir`, or else the
/// newest `/usr/lib/postgresql/*/bin` (Debian does not put them on PATH).
fn binaries() -> Result<PathBuf, String> {
    let from_pg_config = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()));
    let mut debian: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .collect();
    debian.sort();
    from_pg_config
        .into_iter()
        .chain(debian.into_iter().rev().map(|(_, bin)| bin))
        .find(|bin| bin.join("initdb").is_file() && bin.join("postgres").is_file())
        .ok_or_else(|| {
            "initdb and postgres were not found (pg_config --bindir, /usr/lib/postgresql/*/bin); \
             install PostgreSQL (scripts/setup.sh test-rust, test or bench does)"
                .to_owned()
        })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|output| output.stdout.starts_with(b"0\n"))
        .unwrap_or(false)
}

fn free_port() -> Result<u16, String> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| format!("finding a free port: {e}"))?;
    listener
        .local_addr()
        .map(|address| address.port())
        .map_err(|e| format!("finding a free port: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stopped_cluster_leaves_nothing_behind() {
        let cluster = Cluster::start(Durability::Full).await.unwrap();
        let url = cluster.create_database("throwaway").await.unwrap();
        let mut db = PgConnection::connect(&url).await.unwrap();
        let fsync: String = sqlx::query_scalar("SHOW fsync")
            .fetch_one(&mut db)
            .await
            .unwrap();
        assert_eq!(fsync, "on", "Full keeps PostgreSQL's durability");
        db.close().await.unwrap();
        let dir = cluster.directory().to_owned();
        assert!(dir.join("data").is_dir());
        cluster.stop().await.unwrap();
        assert!(!dir.exists(), "{} is removed", dir.display());
        assert!(PgConnection::connect(&url).await.is_err());
    }
}
