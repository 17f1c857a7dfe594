//! `make bench`: papo's load generator, and the performance targets it
//! checks.
//!
//! It starts the release build of papo itself (a fresh SQLite database in
//! a temporary folder, on a free port of 127.0.0.1; for scenario 7, one or
//! two papos on a throwaway PostgreSQL made with `initdb`), drives it over
//! real HTTP and SSE as many people would, and prints one row per
//! scenario. The rows, with a description of the machine, go to
//! `bench/results/latest.json` (`partial.json` when only some scenarios
//! ran); `docs/performance.md` explains them.
//!
//! - `server`: starting and stopping papo (and PostgreSQL), and reading
//!   its memory;
//! - `api`: the JSON API calls the scenarios make (guests, channels, posts);
//! - `feed`: an SSE reader that counts every delivery once;
//! - `probe`: when each benchmark message was sent, to time its delivery;
//! - `latency`: percentiles of recorded durations;
//! - `report`: the table and the JSON file;
//! - `machine`: what the numbers were measured on;
//! - `scenarios`: one file per scenario of issue 6.
//!
//! Every loop is bounded in count and in time: a scenario that cannot
//! finish reports what it saw and fails its target instead of hanging.

mod api;
mod feed;
mod latency;
mod machine;
mod probe;
mod report;
mod scenarios;
mod server;

use std::path::PathBuf;

use anyhow::Context;

use crate::report::Report;

/// The workspace: where the release build and the results live.
fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bench/ is inside the workspace")
        .to_path_buf()
}

/// Writes out what other programs left to write (right after `make bench`
/// builds, gigabytes of it), so that it does not compete with the
/// scenarios' own `fsync`s.
fn settle_disk() {
    if let Err(error) = std::process::Command::new("sync").status() {
        eprintln!("could not run sync: {error}");
    }
}

/// `papo-bench [1 2 ...]`: the scenarios to run, all when none is named.
fn chosen_scenarios() -> anyhow::Result<Vec<String>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    for arg in &args {
        if !scenarios::ALL.contains(&arg.as_str()) {
            anyhow::bail!(
                "unknown scenario {arg:?}; choose among {}",
                scenarios::ALL.join(" ")
            );
        }
    }
    Ok(if args.is_empty() {
        scenarios::ALL.iter().map(|s| s.to_string()).collect()
    } else {
        args
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let chosen = chosen_scenarios()?;
    let every_scenario_ran = scenarios::ALL
        .iter()
        .all(|id| chosen.iter().any(|c| c == id));
    let files = server::raise_open_files_limit()?;
    eprintln!("open files allowed: {files}");
    let root = workspace();
    let mut report = Report::new(machine::describe(files));
    for id in chosen {
        eprintln!("── scenario {id}");
        settle_disk();
        let started = std::time::Instant::now();
        let rows = scenarios::run(&id, &root)
            .await
            .with_context(|| format!("scenario {id}"))?;
        eprintln!(
            "   (scenario {id} took {:.1} s)",
            started.elapsed().as_secs_f64()
        );
        for row in rows {
            eprintln!("{}", row.line());
            report.rows.push(row);
        }
    }
    // A run of some scenarios must not overwrite the last full table.
    let out = if every_scenario_ran {
        root.join("bench/results/latest.json")
    } else {
        root.join("bench/results/partial.json")
    };
    report.write(&out)?;
    println!("{}", report.table());
    println!("results: {}", out.display());
    if report.missed() > 0 {
        println!(
            "{} target(s) missed: see docs/performance.md",
            report.missed()
        );
    }
    Ok(())
}
