//! Accepting connections and serving them, with deadlines so that no
//! client can hold papo's sockets or memory by going quiet.
//!
//! Every connection must send its first request head within
//! `header_timeout` ([`first_request`]). A live feed is then served by
//! [`lean_feed`], without hyper; anything else by hyper's HTTP/1.1 server,
//! given the bytes already read ([`prefixed`]). Hyper runs with a timer, so
//! that every later request head on a keep-alive connection has the same
//! deadline, and an idle keep-alive connection is closed when it has sent
//! nothing for that long. Writes that wait longer than `write_timeout` for
//! a client that stopped reading fail ([`write_deadline`] for hyper; the
//! lean feed times its own writes), which drops the response and whatever
//! it held.

mod first_request;
mod lean_feed;
mod prefixed;
mod write_deadline;

use std::{io, net::SocketAddr, pin::pin, time::Duration};

use axum::{body::Body, extract::ConnectInfo, http::Request, Router};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::{sync::CancellationToken, task::TaskTracker};
use tower::ServiceExt;

use self::{first_request::FirstRequest, prefixed::Prefixed, write_deadline::WriteDeadline};

/// How long a connection has to send a whole request head, and how long a
/// keep-alive connection may stay idle: long enough for any real client
/// on a slow link (a head is a few hundred bytes), short enough that a
/// socket opened and left quiet is soon given back.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a write may wait for a client to read. A live feed writes at
/// least a heartbeat every 15 s, so a client that has read nothing for
/// twice that long has stopped reading.
pub const DEFAULT_WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// The deadlines of [`serve`].
#[derive(Clone, Copy, Debug)]
pub struct Deadlines {
    pub header: Duration,
    pub write: Duration,
}

/// Accepts connections on `listener` and serves them with `router` until
/// `shutdown`. Each connection runs on a task of `connections`, which the
/// caller waits for when it stops.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    deadlines: Deadlines,
    shutdown: CancellationToken,
    connections: TaskTracker,
) {
    loop {
        let accepted = tokio::select! {
            _ = shutdown.cancelled() => return,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(connection) => connection,
            Err(error) => {
                wait_after_accept_error(error).await;
                continue;
            }
        };
        // Answers are written as soon as they are ready, not gathered by Nagle.
        let _ = stream.set_nodelay(true);
        connections.spawn(connection(
            stream,
            peer,
            router.clone(),
            deadlines,
            shutdown.clone(),
        ));
    }
}

async fn connection(
    mut stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    deadlines: Deadlines,
    shutdown: CancellationToken,
) {
    match FirstRequest::read(&mut stream, deadlines.header, &shutdown).await {
        FirstRequest::Feed(request) => {
            lean_feed::serve(stream, peer, request, router, deadlines.write).await
        }
        FirstRequest::Other(read) => {
            let io = WriteDeadline::new(Prefixed::new(read, stream), deadlines.write);
            with_hyper(io, peer, router, deadlines, shutdown).await
        }
        FirstRequest::Nothing => {}
    }
}

/// Serves an HTTP/1.1 connection with hyper until it closes; on shutdown,
/// lets the request in progress finish and then closes.
async fn with_hyper(
    io: WriteDeadline<Prefixed<TcpStream>>,
    peer: SocketAddr,
    router: Router,
    deadlines: Deadlines,
    shutdown: CancellationToken,
) {
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let mut request = request.map(Body::new);
        request.extensions_mut().insert(ConnectInfo(peer));
        router.clone().oneshot(request)
    });
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(deadlines.header)
        .keep_alive(true);
    let mut served = pin!(http.serve_connection(TokioIo::new(io), service));
    tokio::select! {
        _ = served.as_mut() => return,
        _ = shutdown.cancelled() => served.as_mut().graceful_shutdown(),
    }
    let _: Result<(), hyper::Error> = served.await;
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
