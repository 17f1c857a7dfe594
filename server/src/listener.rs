//! The listening socket, shared by two HTTP servers: a connection whose
//! first request is a live feed is served by [`crate::lean_feed`], every
//! other one by hyper through `axum::serve`, which takes its connections
//! from a [`SplitListener`].

use std::{io, net::SocketAddr, time::Duration};

use axum::Router;
use tokio::{
    net::{TcpListener, TcpStream},
    sync::mpsc,
};
use tokio_util::{sync::CancellationToken, task::TaskTracker};

use crate::lean_feed::{self, FirstRequest};

/// Connections accepted but not yet taken by `axum::serve`. Bounded so that
/// if hyper falls behind, accepting waits instead of queueing without end.
const HANDOFF_CAPACITY: usize = 1024;

/// What `axum::serve` listens on: the connections that are not feeds.
pub struct SplitListener {
    /// Filled by the accept loop; closed when it stops (at shutdown).
    for_hyper: mpsc::Receiver<(TcpStream, SocketAddr)>,
    local_addr: SocketAddr,
}

impl SplitListener {
    /// Starts accepting on `listener` until `shutdown`. Feeds are answered
    /// through `router` on tasks of `feeds`, which the caller waits for
    /// when it stops.
    pub fn start(
        listener: TcpListener,
        router: Router,
        shutdown: CancellationToken,
        feeds: TaskTracker,
    ) -> io::Result<SplitListener> {
        let local_addr = listener.local_addr()?;
        let (to_hyper, for_hyper) = mpsc::channel(HANDOFF_CAPACITY);
        tokio::spawn(accept_loop(listener, router, to_hyper, shutdown, feeds));
        Ok(SplitListener {
            for_hyper,
            local_addr,
        })
    }
}

impl axum::serve::Listener for SplitListener {
    type Io = TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (TcpStream, SocketAddr) {
        match self.for_hyper.recv().await {
            Some(connection) => connection,
            // Shutting down: `axum::serve` is draining and stops asking.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        Ok(self.local_addr)
    }
}

async fn accept_loop(
    listener: TcpListener,
    router: Router,
    to_hyper: mpsc::Sender<(TcpStream, SocketAddr)>,
    shutdown: CancellationToken,
    feeds: TaskTracker,
) {
    loop {
        let accepted = tokio::select! {
            _ = shutdown.cancelled() => return,
            accepted = listener.accept() => accepted,
        };
        let (mut stream, peer) = match accepted {
            Ok(connection) => connection,
            Err(error) => {
                wait_after_accept_error(error).await;
                continue;
            }
        };
        let router = router.clone();
        let to_hyper = to_hyper.clone();
        let shutdown = shutdown.clone();
        feeds.spawn(async move {
            match FirstRequest::read(&mut stream, &shutdown).await {
                FirstRequest::Feed(request) => {
                    lean_feed::serve(stream, peer, request, router).await
                }
                FirstRequest::Other => {
                    let _ = to_hyper.send((stream, peer)).await;
                }
                FirstRequest::Nothing => {}
            }
        });
    }
}

/// A connection that failed while it was being accepted concerns only that
/// client. Anything else (out of file descriptors) is logged, and accepting
/// pauses a moment so that it does not spin.
async fn wait_after_accept_error(error: io::Error) {
    let one_client = matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    );
    if !one_client {
        tracing::error!(%error, "accepting a connection");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
