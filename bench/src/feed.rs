//! An SSE reader that counts each benchmark message once and times it.
//!
//! It parses only what it needs (the event name and the message number in
//! the data), so that the load generator spends its CPU on connections,
//! not on parsing, and the server is what gets measured.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::{bail, Context};
use futures::StreamExt;
use reqwest::Response;
use tokio::sync::{mpsc, watch};

use crate::{api::Api, api::Token, latency::Latency, probe};

/// The kinds of event the benchmark tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Ready,
    Message,
    Other,
}

/// One event of a stream, as much as the benchmark reads of it.
#[derive(Debug, PartialEq, Eq)]
pub struct Frame {
    pub kind: Kind,
    pub id: Option<i64>,
    /// The message number, for benchmark messages.
    pub seq: Option<usize>,
}

/// Splits a byte stream into SSE events.
#[derive(Default)]
pub struct Parser {
    pending: Vec<u8>,
}

impl Parser {
    /// Adds bytes; returns the events they complete.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<Frame> {
        self.pending.extend_from_slice(bytes);
        let mut frames = Vec::new();
        let mut start = 0;
        while let Some(end) = find(&self.pending[start..], b"\n\n") {
            let block = &self.pending[start..start + end];
            if let Some(frame) = frame_of(block) {
                frames.push(frame);
            }
            start += end + 2;
        }
        self.pending.drain(..start);
        frames
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn frame_of(block: &[u8]) -> Option<Frame> {
    let mut event = None;
    let mut id = None;
    let mut seq = None;
    for line in block.split(|b| *b == b'\n') {
        if let Some(name) = line.strip_prefix(b"event:") {
            event = Some(match name.trim_ascii() {
                b"ready" => Kind::Ready,
                b"message" => Kind::Message,
                _ => Kind::Other,
            });
        } else if let Some(value) = line.strip_prefix(b"id:") {
            id = std::str::from_utf8(value).ok()?.trim().parse().ok();
        } else if let Some(data) = line.strip_prefix(b"data:") {
            seq = seq.or_else(|| probe::seq_in(data));
        }
    }
    // Comment-only blocks (heartbeats) are no event.
    let kind = event.or_else(|| seq.map(|_| Kind::Message))?;
    Some(Frame { kind, id, seq })
}

/// Where a reader connects.
#[derive(Clone, Debug)]
pub enum Stream {
    /// `/api/v1/events`: every channel the reader is in.
    Multiplexed,
    /// `/api/v1/channels/{channel}/events`.
    Channel(String),
    /// `/sse` of `bare-sse`, the HTTP stack alone.
    Bare,
}

impl Stream {
    pub fn label(&self) -> &'static str {
        match self {
            Stream::Multiplexed => "multiplexed stream",
            Stream::Channel(_) => "per-channel stream",
            Stream::Bare => "bare axum SSE",
        }
    }

    fn path(&self) -> String {
        match self {
            Stream::Multiplexed => "/api/v1/events".to_owned(),
            Stream::Channel(channel) => format!("/api/v1/channels/{channel}/events"),
            Stream::Bare => "/sse".to_owned(),
        }
    }
}

/// Opens a stream, resuming after `after` when given.
pub async fn open(
    api: &Api,
    token: &Token,
    stream: &Stream,
    after: Option<i64>,
) -> anyhow::Result<Response> {
    let mut request = api
        .client
        .get(format!("{}{}", api.base, stream.path()))
        .bearer_auth(&token.0)
        .timeout(Duration::from_secs(3600));
    if let Some(after) = after {
        request = request.header("last-event-id", after.to_string());
    }
    let answer = request.send().await.context("opening a feed")?;
    if !answer.status().is_success() {
        bail!("opening a feed: {}", answer.status());
    }
    Ok(answer)
}

/// What one reader saw.
#[derive(Default)]
pub struct Tally {
    /// Distinct benchmark messages received.
    pub received: usize,
    /// Benchmark messages received more than once.
    pub duplicates: usize,
    /// Delivery latency: from just before the POST to receipt here.
    pub latency: Latency,
    /// The id of the last event received.
    pub last_id: Option<i64>,
    /// Bytes read from the stream.
    pub bytes: u64,
    /// When the last benchmark message arrived.
    pub last_at: Option<Instant>,
}

/// Reads a stream until every one of the probe's messages arrived, the
/// stream ends, or `stop` turns true (a probe without messages keeps the
/// feed open until then). Sends on `ready` when the feed is live.
pub async fn tally(
    answer: Response,
    probe: Arc<probe::Probe>,
    ready: mpsc::UnboundedSender<Instant>,
    mut stop: watch::Receiver<bool>,
) -> Tally {
    let expected = probe.messages();
    let mut seen = vec![false; expected];
    let mut tally = Tally::default();
    let mut parser = Parser::default();
    let mut body = answer.bytes_stream();
    while expected == 0 || tally.received < expected {
        let chunk = tokio::select! {
            next = body.next() => match next {
                Some(Ok(chunk)) => chunk,
                Some(Err(_)) | None => break,
            },
            _ = stop.wait_for(|stop| *stop) => break,
        };
        tally.bytes += chunk.len() as u64;
        for frame in parser.push(&chunk) {
            if frame.id.is_some() {
                tally.last_id = frame.id;
            }
            if frame.kind == Kind::Ready {
                let _ = ready.send(Instant::now());
            }
            let Some(seq) = frame.seq.filter(|s| *s < expected) else {
                continue;
            };
            if frame.kind != Kind::Message {
                continue;
            }
            if seen[seq] {
                tally.duplicates += 1;
                continue;
            }
            seen[seq] = true;
            tally.received += 1;
            tally.last_at = Some(Instant::now());
            if let Some(age) = probe.since_sent(seq) {
                tally.latency.record(age);
            }
        }
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_across_chunks_come_out_whole() {
        let mut parser = Parser::default();
        let body = probe::body(7);
        let text = format!(
            ": heartbeat\n\nevent: ready\nretry: 2000\ndata: {{}}\n\nid: 12\nevent: message\ndata: {{\"body\":\"{body}\"}}\n\n"
        );
        let (a, b) = text.as_bytes().split_at(text.len() - 20);
        let mut frames = parser.push(a);
        frames.extend(parser.push(b));
        assert_eq!(
            frames,
            vec![
                Frame {
                    kind: Kind::Ready,
                    id: None,
                    seq: None
                },
                Frame {
                    kind: Kind::Message,
                    id: Some(12),
                    seq: Some(7)
                },
            ]
        );
    }
}
