//! Scenario 5: a reader that missed 10,000 messages reconnects with its
//! `Last-Event-ID`; how long until it has caught up.

use std::{path::Path, sync::Arc, time::Instant};

use anyhow::{bail, Context};
use tokio::sync::{mpsc, watch};

use crate::{
    api::Api,
    feed::{self, Stream},
    probe::{self, Probe},
    report::{secs, Row},
    scenarios::load::{self, CHANNEL},
    server::Papo,
};

const MISSED: usize = 10_000;

pub async fn run(root: &Path) -> anyhow::Result<Vec<Row>> {
    let papo = Papo::start(root, &[]).await?;
    let api = Api::new(&papo.base);
    let writers = load::writers(&api, 4).await?;
    let reader = api.guest("reader").await?;
    api.join(&reader, CHANNEL).await?;
    let (_stop, stopped) = watch::channel(false);

    // Online: receive one message, and remember its id.
    let marker = Arc::new(Probe::new(1));
    let (ready_tx, mut ready) = mpsc::unbounded_channel();
    let answer = feed::open(&api, &reader, &Stream::Multiplexed, None).await?;
    let online = tokio::spawn(feed::tally(
        answer,
        marker.clone(),
        ready_tx,
        stopped.clone(),
    ));
    ready.recv().await.context("the first feed became ready")?;
    api.post(&writers[0], CHANNEL, &probe::body(0)).await?;
    let seen = online.await?;
    let last_id = seen.last_id.context("the marker message has an id")?;

    // Offline: 10,000 messages go by.
    let missed = Arc::new(Probe::new(MISSED));
    let posted = load::post_all(std::slice::from_ref(&api), &writers, 16, &missed, None).await;
    if posted.accepted != MISSED {
        bail!(
            "only {} of {MISSED} messages were accepted",
            posted.accepted
        );
    }

    // Back: resume and catch up.
    let started = Instant::now();
    let (ready_tx, mut ready) = mpsc::unbounded_channel();
    let answer = feed::open(&api, &reader, &Stream::Multiplexed, Some(last_id)).await?;
    let catching_up = tokio::spawn(feed::tally(answer, missed, ready_tx, stopped));
    let tally = catching_up.await?;
    let caught_up = started.elapsed();
    let ready_after = ready.recv().await.map(|at| at - started);
    papo.stop().await?;
    let lost = MISSED - tally.received;
    let per_sec = tally.received as f64 / caught_up.as_secs_f64();
    let mut row = Row::new("5", "resume after missing 10,000 messages")
        .figure("catch_up_secs", secs(caught_up))
        .figure("events_per_sec", per_sec.round())
        .figure(
            "mib_received",
            (tally.bytes as f64 / 1048576.0 * 10.0).round() / 10.0,
        )
        .figure("received", tally.received)
        .figure("lost", lost)
        .figure("duplicated", tally.duplicates);
    if let Some(ready_after) = ready_after {
        row = row.figure("ready_after_secs", secs(ready_after));
    }
    Ok(vec![row.target(
        "nothing lost or duplicated",
        "0",
        format!("{lost} lost, {} duplicated", tally.duplicates),
        lost == 0 && tally.duplicates == 0,
    )])
}
