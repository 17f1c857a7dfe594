//! The page: the release wasm's size after brotli, and how soon the page
//! is interactive (hydrated) in Chromium on localhost, measured by
//! `bench/browser/interactive.cjs` with the browser's performance timing.

use std::{io::Write, path::Path, process::Stdio};

use anyhow::{bail, Context};
use serde_json::Value;

use crate::{report::Row, server::Papo};

/// Page loads measured (after one warm-up).
const RUNS: u32 = 7;

/// The file's size after brotli at its highest quality, as a static
/// asset would be compressed ahead of time.
fn brotli_size(bytes: &[u8]) -> anyhow::Result<usize> {
    let mut compressed = Vec::new();
    {
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        let mut writer = brotli::CompressorWriter::with_params(&mut compressed, 4096, &params);
        writer.write_all(bytes)?;
    }
    Ok(compressed.len())
}

fn kib(bytes: usize) -> f64 {
    (bytes as f64 / 1024.0 * 10.0).round() / 10.0
}

async fn interactive(root: &Path, base: &str) -> anyhow::Result<Value> {
    let script = root.join("bench/browser/interactive.cjs");
    let output = tokio::process::Command::new("node")
        .arg(&script)
        .args(["--url", base, "--runs", &RUNS.to_string()])
        .stderr(Stdio::inherit())
        .output()
        .await
        .context("running node")?;
    if !output.status.success() {
        bail!("{} failed: {}", script.display(), output.status);
    }
    serde_json::from_slice(&output.stdout).context("the browser measurement's JSON")
}

pub async fn run(root: &Path) -> anyhow::Result<Vec<Row>> {
    let wasm_path = root.join("target/site/pkg/papo.wasm");
    let wasm = std::fs::read(&wasm_path).with_context(|| format!("{}", wasm_path.display()))?;
    let js = std::fs::read(root.join("target/site/pkg/papo.js"))?;
    let wasm_br = brotli_size(&wasm)?;
    let js_br = brotli_size(&js)?;
    let papo = Papo::start(root, &[]).await?;
    let timing = interactive(root, &papo.base).await;
    papo.stop().await?;
    let timing = timing?;
    let hydrated = timing["hydrated_ms"]["median"].as_f64().unwrap_or(f64::MAX);
    let hydrated_max = timing["hydrated_ms"]["max"].as_f64().unwrap_or(f64::MAX);
    let live = timing["live_ms"]["median"].as_f64();
    let mut row = Row::new("web", "release page: size and time to interactive")
        .figure("wasm_kib", kib(wasm.len()))
        .figure("wasm_brotli_kib", kib(wasm_br))
        .figure("js_brotli_kib", kib(js_br))
        .figure("interactive_median_ms", hydrated)
        .figure("interactive_max_ms", hydrated_max);
    if let Some(live) = live {
        row = row.figure("live_feed_median_ms", live);
    }
    // What the browser downloaded: the precompressed file when
    // `cargo leptos build --precompress` made one.
    if let Some(bytes) = timing["wasm_transfer_bytes"].as_u64() {
        row = row.figure("wasm_transferred_kib", kib(bytes as usize));
    }
    Ok(vec![row
        .target(
            "wasm after brotli",
            "≤ 350 KiB",
            format!("{} KiB", kib(wasm_br)),
            wasm_br <= 350 * 1024,
        )
        .target(
            "interactive (hydrated), median of 7",
            "≤ 1,000 ms",
            format!("{hydrated} ms"),
            hydrated <= 1_000.0,
        )])
}
