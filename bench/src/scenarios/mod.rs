//! The scenarios of issue 6, one file each (7, scenario 1 on PostgreSQL,
//! and 1c, scenario 1 against an in-memory ceiling, are in `fanout`). Every scenario starts its own papo on a fresh
//! database, so that none inherits another's load.

mod fanout;
mod history;
mod idle;
mod load;
mod resume;
mod stall;
mod web;
mod writes;

use std::path::Path;

use crate::report::Row;

/// Scenario names, in the order `make bench` runs them.
pub const ALL: &[&str] = &["1", "1c", "1s", "2", "3", "4", "5", "6", "7", "web"];

pub async fn run(id: &str, root: &Path) -> anyhow::Result<Vec<Row>> {
    match id {
        "1" => fanout::burst(root).await,
        "1c" => fanout::against_ceiling(root).await,
        "1s" => stall::run(root).await,
        "2" => fanout::steady(root).await,
        "3" => idle::run(root).await,
        "4" => writes::run(root).await,
        "5" => resume::run(root).await,
        "6" => history::run(root).await,
        "7" => fanout::burst_on_postgres(root).await,
        "web" => web::run(root).await,
        other => anyhow::bail!("no scenario {other}"),
    }
}
