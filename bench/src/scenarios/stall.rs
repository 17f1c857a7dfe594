//! Scenario 1s: scenario 1 while an attacker holds 2,000 connections that
//! never finish their request head and 200 feeds that never read.
//!
//! Before papo had deadlines, about a thousand sockets that sent one byte
//! stopped it accepting anyone, and a feed whose reader stopped reading
//! held its replay page (up to 16 MB) and its hub subscription forever.
//! Now a request head must arrive within `PAPO_HEADER_TIMEOUT_SECS` and a
//! write that waits `PAPO_WRITE_TIMEOUT_SECS` drops its feed. The row runs
//! scenario 1 twice in turns, alone and beside the attack, on fresh
//! servers: the attacked run must keep at least 80 % of the plain run's
//! delivery rate, and papo's memory beside the attack must stay within a
//! bound that does not grow with what the stalled feeds are sent.

use std::{net::SocketAddr, path::Path, time::Duration};

use anyhow::Context;
use futures::{stream, StreamExt};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpSocket,
    sync::watch,
    task::JoinHandle,
};

use crate::{
    api::{Api, Token},
    feed::Stream,
    report::{mib, Row},
    scenarios::{
        fanout::{burst_load, delivery_row},
        load::{self, Outcome, CHANNEL},
    },
    server::Backend,
};

/// Connections that send part of a request head and then nothing; each
/// is opened again as soon as papo closes it, so that the attacker holds
/// this many all along.
const HALF_OPEN: usize = 2_000;

/// Feeds whose client never reads, all members of the benchmark channel,
/// so that every message of the load is written to them.
const STALLED_FEEDS: usize = 200;

/// A receive buffer this small fills with the first few frames: the
/// stalled feeds' writes block at once, as with a zero TCP window.
const STALLED_RECEIVE_BUFFER: u32 = 4 * 1024;

/// How long a socket papo refused waits before it is opened again.
const RETRY: Duration = Duration::from_millis(100);

/// Sockets opened at once while the attack starts.
const OPEN_CONCURRENCY: usize = 200;

/// How much more memory papo may hold beside the attack than without it.
/// 200 stalled feeds × (a replay page of at most 256 KiB + a write of at
/// most 64 KiB + the hub's buffer of their subscription) is about 64 MiB
/// at worst; 2,000 half-open connections hold a few KiB each.
const MEMORY_ALLOWANCE_MIB: f64 = 96.0;

pub async fn run(root: &Path) -> anyhow::Result<Vec<Row>> {
    let load = burst_load(Stream::Multiplexed, Backend::Sqlite);
    let plain = load::run(root, &load).await.context("scenario 1 alone")?;
    let attacked = load::run_beside(root, &load, Attack::start)
        .await
        .context("scenario 1 beside the attack")?;
    Ok(vec![row(&plain, &attacked)])
}

fn row(plain: &Outcome, attacked: &Outcome) -> Row {
    let kept = attacked.deliveries_per_sec() / plain.deliveries_per_sec().max(1e-9);
    let extra_mib = mib(attacked.rss_end_kib) - mib(plain.rss_end_kib);
    let title = format!(
        "scenario 1 beside {HALF_OPEN} half-open connections and {STALLED_FEEDS} feeds that do not read"
    );
    delivery_row("1s", title, attacked)
        .figure(
            "plain_deliveries_per_sec",
            plain.deliveries_per_sec().round(),
        )
        .figure("kept_percent", (kept * 1000.0).round() / 10.0)
        .figure("plain_rss_end_mib", mib(plain.rss_end_kib))
        .figure("extra_rss_mib", (extra_mib * 10.0).round() / 10.0)
        .target(
            "delivery rate kept beside the attack",
            "≥ 80 % of scenario 1 alone",
            format!("{:.0} %", kept * 100.0),
            kept >= 0.8,
        )
        .target(
            "memory beside the attack",
            &format!("≤ {MEMORY_ALLOWANCE_MIB:.0} MiB more than alone"),
            format!("{extra_mib:.1} MiB more"),
            extra_mib <= MEMORY_ALLOWANCE_MIB,
        )
}

/// The attacker's sockets, held until dropped.
struct Attack {
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for Attack {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl Attack {
    /// Opens every socket of the attack against `api`'s papo; returns once
    /// all are open and every stalled feed's request is sent.
    async fn start(api: Api) -> anyhow::Result<Self> {
        let address: SocketAddr = api
            .base
            .strip_prefix("http://")
            .context("papo's address")?
            .parse()?;
        let stalled = api.guest("stalled").await?;
        api.join(&stalled, CHANNEL).await?;
        let (stop, stopped) = watch::channel(false);
        let half_open = (0..HALF_OPEN).map(|_| Socket::HalfOpen);
        let feeds = (0..STALLED_FEEDS).map(|_| Socket::StalledFeed(stalled.clone()));
        let opened: Vec<anyhow::Result<JoinHandle<()>>> = stream::iter(half_open.chain(feeds))
            .map(|socket| {
                let stopped = stopped.clone();
                async move {
                    let held = socket.open(address).await?;
                    Ok(tokio::spawn(socket.hold(address, held, stopped)))
                }
            })
            .buffer_unordered(OPEN_CONCURRENCY)
            .collect()
            .await;
        let tasks = opened.into_iter().collect::<anyhow::Result<_>>()?;
        Ok(Self { stop, tasks })
    }
}

enum Socket {
    HalfOpen,
    StalledFeed(Token),
}

impl Socket {
    async fn open(&self, address: SocketAddr) -> anyhow::Result<tokio::net::TcpStream> {
        let socket = TcpSocket::new_v4()?;
        if let Socket::StalledFeed(_) = self {
            socket.set_recv_buffer_size(STALLED_RECEIVE_BUFFER)?;
        }
        let mut stream = socket.connect(address).await?;
        let request = match self {
            Socket::HalfOpen => "GET /healthz HTTP/1.1\r\nHost: bench\r\n".to_owned(),
            Socket::StalledFeed(token) => format!(
                "GET /api/v1/events HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {}\r\n\r\n",
                token.0
            ),
        };
        stream.write_all(request.as_bytes()).await?;
        Ok(stream)
    }

    /// Holds the socket until `stopped`. A half-open one is opened again
    /// each time papo closes it; a stalled feed is never read, so it only
    /// waits.
    async fn hold(
        self,
        address: SocketAddr,
        stream: tokio::net::TcpStream,
        mut stopped: watch::Receiver<bool>,
    ) {
        let mut stream = Some(stream);
        loop {
            let closed = async {
                match (&self, stream.as_mut()) {
                    (Socket::HalfOpen, Some(stream)) => {
                        let mut sink = [0_u8; 512];
                        while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
                    }
                    (Socket::StalledFeed(_), Some(_)) => std::future::pending().await,
                    // papo refused the last attempt (its backlog was
                    // full): try again shortly rather than give up the slot.
                    (_, None) => tokio::time::sleep(RETRY).await,
                }
            };
            tokio::select! {
                _ = closed => {}
                _ = stopped.wait_for(|stop| *stop) => return,
            }
            stream = self.open(address).await.ok();
        }
    }
}
