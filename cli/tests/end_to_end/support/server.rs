//! A real papo server on a fresh SQLite database, in this process but on
//! its own thread and Tokio runtime, so that the tests themselves are plain
//! blocking code that runs `papo` and reads its output.

use std::{net::SocketAddr, sync::mpsc, thread::JoinHandle, time::Duration};

use server::{config::Config, startup::Application};
use tempfile::TempDir;
use tokio_util::sync::CancellationToken;

/// An empty database that outlives the servers started on it.
pub struct Database {
    url: String,
    _dir: TempDir,
}

impl Database {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        Self {
            url: format!("sqlite://{}", dir.path().join("papo.db").display()),
            _dir: dir,
        }
    }
}

/// A running server; stopped (as by SIGTERM) when dropped.
pub struct Server {
    pub url: String,
    port: u16,
    shutdown: CancellationToken,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// A server on a free port.
    pub fn start(database: &Database) -> Self {
        Self::start_on(database, 0)
    }

    /// A server on `port` (0: any free one).
    pub fn start_on(database: &Database, port: u16) -> Self {
        let (started, ready) = mpsc::channel();
        let database_url = database.url.clone();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a Tokio runtime");
            runtime.block_on(async move {
                let mut config = Config::for_tests(database_url);
                config.addr = SocketAddr::from(([127, 0, 0, 1], port));
                let app = Application::build(config).await.expect("papo starts");
                started
                    .send((app.port(), app.shutdown_token()))
                    .expect("the test waits for the server");
                app.run_until_stopped().await.expect("papo runs");
            });
            runtime.shutdown_timeout(Duration::from_secs(5));
        });
        let (port, shutdown) = ready
            .recv_timeout(Duration::from_secs(30))
            .expect("papo starts within 30 s");
        Self {
            url: format!("http://127.0.0.1:{port}"),
            port,
            shutdown,
            thread: Some(thread),
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Shuts down gracefully (live feeds end) and waits until the port is
    /// free again.
    pub fn stop(mut self) {
        assert!(self.halt(), "the server stops cleanly");
    }

    /// Whether the server's thread ended without panicking.
    fn halt(&mut self) -> bool {
        self.shutdown.cancel();
        self.thread
            .take()
            .is_none_or(|thread| thread.join().is_ok())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.halt();
    }
}
