//! PostgreSQL only: several instances on one database, starting and writing
//! at the same moment. (SQLite's database is one process's file, whose
//! writes the service serializes.)

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_opening_the_same_direct_conversation_at_once_get_one() {
    let url = postgres::fresh_database_url().await;
    let first: Arc<dyn Store> = Arc::new(PostgresStore::connect(&url, POOL).await.unwrap());
    let second: Arc<dyn Store> = Arc::new(PostgresStore::connect(&url, POOL).await.unwrap());
    let ana = guest(&*first, "ana", 1).await;
    let bob = guest(&*first, "bob", 2).await;
    let opening: Vec<_> = [first, second]
        .into_iter()
        .cycle()
        .take(8)
        .map(|store| {
            let (ana, bob) = (ana.clone(), bob.clone());
            tokio::spawn(async move {
                let others = [(bob.user_id, bob.name.clone())];
                store.open_direct(&ana, &others, t0()).await.unwrap()
            })
        })
        .collect();
    let mut ids = Vec::new();
    let mut announced = 0;
    for open in opening {
        let (channel, events) = open.await.unwrap();
        ids.push(channel.id);
        announced += events.len();
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "one conversation: {ids:?}");
    assert_eq!(announced, 3, "two joins and one creation, announced once");
}
