//! PostgreSQL only: several instances may start at once on a new database.
//! (SQLite's database is one process's file.)

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_starting_at_once_on_postgres_migrate_the_database_once() {
    let url = postgres::fresh_database_url().await;
    let starting: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move { PostgresStore::connect(&url, POOL).await })
        })
        .collect();
    let mut stores = Vec::new();
    for start in starting {
        stores.push(start.await.unwrap().expect("every instance starts"));
    }
    for store in &stores {
        // The seed row is there (applied twice, its unique name would have
        // made an instance fail to start).
        channel(store, "general").await;
    }
}
