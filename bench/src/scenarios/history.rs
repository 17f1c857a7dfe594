//! Scenario 6: reading history from a channel of 1,000,000 messages, at
//! its newest page and at a page near its very beginning.
//!
//! The million rows are written straight into the database (posting them
//! through the API would take minutes); reading is through the API.

use std::{path::Path, time::Instant};

use anyhow::{bail, Context};
use sqlx::Connection;

use crate::{
    api::{Api, Token},
    latency::Latency,
    report::{secs, Row},
    scenarios::load,
    server::Papo,
};

const MESSAGES: i64 = 1_000_000;
const PAGE: u32 = 50;
const REQUESTS: usize = 200;

/// Fills the benchmark channel with `MESSAGES` rows written by `w0`.
async fn seed(database_url: &str) -> anyhow::Result<()> {
    let mut db = sqlx::SqliteConnection::connect(database_url).await?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) \
         INSERT INTO messages (channel_id, author_id, body, html, mention_names, created_at) \
         SELECT c.id, u.id, 'history ' || i, '<p>history ' || i || '</p>', '', 1700000000000 + i \
         FROM n, channels c, users u WHERE c.name = ?2 AND u.name = 'w0'",
    )
    .bind(MESSAGES)
    .bind(load::CHANNEL)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    db.close().await?;
    Ok(())
}

/// Times `REQUESTS` reads of the page before `before`, checking each.
async fn time_page(api: &Api, token: &Token, before: Option<i64>) -> anyhow::Result<Latency> {
    let mut latency = Latency::default();
    let mut first_ids = None;
    for _ in 0..REQUESTS {
        let started = Instant::now();
        let ids = api.history(token, load::CHANNEL, before, PAGE).await?;
        latency.record(started.elapsed());
        if ids.len() != PAGE as usize {
            bail!("a page of {} messages instead of {PAGE}", ids.len());
        }
        match &first_ids {
            None => first_ids = Some(ids),
            Some(first) if *first != ids => bail!("the same page changed between reads"),
            Some(_) => {}
        }
    }
    Ok(latency)
}

pub async fn run(root: &Path) -> anyhow::Result<Vec<Row>> {
    let papo = Papo::start(root, &[]).await?;
    let api = Api::new(&papo.base);
    let writer = load::writers(&api, 1).await?.remove(0);
    let seeding = Instant::now();
    seed(&papo.database_url).await.context("seeding history")?;
    let seeded = seeding.elapsed();
    let newest = api.history(&writer, load::CHANNEL, None, 1).await?;
    let newest = *newest.first().context("a newest message")?;
    let deep = newest - MESSAGES + 1 + 1_000;
    let first = time_page(&api, &writer, None).await?.percentiles();
    let deep_page = time_page(&api, &writer, Some(deep)).await?.percentiles();
    papo.stop().await?;
    let ratio = deep_page.p50_ms / first.p50_ms.max(0.001);
    Ok(vec![Row::new(
        "6",
        "history of a 1,000,000-message channel",
    )
    .figure("seed_secs", secs(seeded))
    .figure("first_page_p50_ms", first.p50_ms)
    .figure("first_page_p99_ms", first.p99_ms)
    .figure("deep_page_p50_ms", deep_page.p50_ms)
    .figure("deep_page_p99_ms", deep_page.p99_ms)
    .target(
        "deep page vs first page (p50)",
        "≤ 2×",
        format!("{ratio:.2}×"),
        ratio <= 2.0,
    )])
}
