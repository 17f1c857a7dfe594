//! A throwaway PostgreSQL for the tests: one cluster per test process,
//! started on first use, and a fresh database in it for every test.
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
//! wrapper stops PostgreSQL and removes the directory.
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

/// The running cluster, or why it could not be started.
static CLUSTER: OnceCell<Result<Cluster, String>> = OnceCell::const_new();

struct Cluster {
    port: u16,
    /// Closing it (at process exit) stops the cluster; never written.
    _lifeline: ChildStdin,
}

/// A new, empty database in this process's cluster, with its URL.
pub async fn fresh_database_url() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let cluster = match CLUSTER.get_or_init(start).await {
        Ok(cluster) => cluster,
        Err(reason) => panic!("the test PostgreSQL could not be started: {reason}"),
    };
    let name = format!("papo_test_{}", NEXT.fetch_add(1, Ordering::Relaxed));
    let mut admin = PgConnection::connect(&cluster.url("postgres"))
        .await
        .expect("the test PostgreSQL accepts connections");
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("a test database is created");
    admin.close().await.ok();
    cluster.url(&name)
}

impl Cluster {
    fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }
}

async fn start() -> Result<Cluster, String> {
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
    let mut wrapper = launch(as_root, &bin, &dir, port)?;
    let lifeline = wrapper.stdin.take().expect("the wrapper's stdin is piped");
    let cluster = Cluster {
        port,
        _lifeline: lifeline,
    };
    let started = Instant::now();
    loop {
        match PgConnection::connect(&cluster.url("postgres")).await {
            Ok(connection) => {
                connection.close().await.ok();
                return Ok(cluster);
            }
            Err(error) => {
                if let Ok(Some(status)) = wrapper.try_wait() {
                    let mut output = String::new();
                    if let Some(mut stderr) = wrapper.stderr.take() {
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

/// The wrapper: makes the cluster with `initdb`, runs `postgres` until it
/// stops or this process's end closes the wrapper's stdin, then stops it at
/// once and removes `dir`. A failure's log goes to its stderr. It is in a
/// process group of its own, so a Ctrl-C meant for the tests does not kill
/// it before it has cleaned up. The server is told to stop until it has:
/// a background job starts with SIGQUIT ignored, so a stop requested
/// before `postgres` installs its handler would be lost. `setpriv` runs a program as `postgres`
/// without staying in between (as `runuser` would), so `$!` is the server.
fn launch(as_root: bool, bin: &Path, dir: &Path, port: u16) -> Result<Child, String> {
    let user = if as_root {
        "setpriv --reuid=postgres --regid=postgres --init-groups -- "
    } else {
        ""
    };
    let script = format!(
        r#"fail() {{ cat "$1/$2" >&2; rm -rf "$1"; exit 1; }}
           exec 3<&0
           {user}"$0/initdb" --username=postgres --auth=trust --encoding=UTF8 --locale=C \
             --no-sync --pgdata="$1/data" >"$1/initdb.log" 2>&1 || fail "$1" initdb.log
           {user}"$0/postgres" -D "$1/data" -k "$1" -h 127.0.0.1 -p "$2" \
             -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
             -c max_connections=500 >"$1/postgres.log" 2>&1 &
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
             install PostgreSQL (scripts/setup.sh test does)"
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
