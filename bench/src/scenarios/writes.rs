//! Scenario 4: write throughput. Four writers post as fast as papo
//! acknowledges (each with several requests in flight, like a busy bot),
//! while ten readers receive everything.

use std::path::Path;

use crate::{
    feed::Stream,
    report::Row,
    scenarios::{
        fanout::delivery_row,
        load::{self, Load},
    },
    server::Backend,
};

pub async fn run(root: &Path) -> anyhow::Result<Vec<Row>> {
    let load = Load {
        readers: 10,
        messages: 20_000,
        rate: None,
        writers: 4,
        in_flight: 16,
        stream: Stream::Multiplexed,
        backend: Backend::Sqlite,
    };
    let o = load::run(root, &load).await?;
    let rate = o.accepted_per_sec();
    let title = "4 writers as fast as possible, 10 readers".to_owned();
    Ok(vec![delivery_row("4", title, &o).target(
        "persisted messages per second",
        "≥ 5,000",
        format!("{rate:.0}"),
        rate >= 5_000.0,
    )])
}
