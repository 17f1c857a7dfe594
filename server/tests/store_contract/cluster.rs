//! PostgreSQL only: what instances tell each other about presence (the
//! migration `0005_presence.sql`). A person is online while some instance
//! has them, and every instance hears when that changes, once.

use server::{
    live::cluster::PresenceNotice,
    store::cluster::{Cluster, Heartbeat},
    store::postgres::{PgCluster, PRESENCE_CHANNEL},
};
use sqlx::{postgres::PgListener, Connection};

use super::*;

/// Two instances registered on one new database, its store, and a
/// connection that hears their presence notices.
async fn two_instances() -> (PgCluster, PgCluster, PostgresStore, PgListener, String) {
    let url = postgres::fresh_database_url().await;
    let store = PostgresStore::connect(&url, POOL).await.unwrap();
    let mut listener = PgListener::connect(&url).await.unwrap();
    listener.listen(PRESENCE_CHANNEL).await.unwrap();
    let a = store.join_cluster().await.unwrap();
    let b = store.join_cluster().await.unwrap();
    (a, b, store, listener, url)
}

/// The presence notices announced since the last call: notices arrive in
/// commit order, so a marker sent now comes after every one committed.
async fn notices(listener: &mut PgListener, url: &str) -> Vec<PresenceNotice> {
    let mut db = sqlx::PgConnection::connect(url).await.unwrap();
    sqlx::query("SELECT pg_notify($1, 'marker')")
        .bind(PRESENCE_CHANNEL)
        .execute(&mut db)
        .await
        .unwrap();
    let mut heard = Vec::new();
    loop {
        let notice = listener.recv().await.unwrap();
        if notice.payload() == "marker" {
            return heard;
        }
        heard.push(PresenceNotice::parse(notice.payload()).expect("a presence notice"));
    }
}

fn notice(user: &Viewer, online: bool) -> PresenceNotice {
    PresenceNotice {
        user_id: user.user_id,
        name: user.name.clone(),
        online,
    }
}

#[tokio::test]
async fn a_person_is_online_while_any_instance_has_them() {
    let (a, b, store, mut heard, url) = two_instances().await;
    let ana = guest(&store, "ana", 1).await;

    a.here(ana.user_id).await.unwrap();
    assert_eq!(notices(&mut heard, &url).await, [notice(&ana, true)]);
    b.here(ana.user_id).await.unwrap();
    a.here(ana.user_id).await.unwrap();
    assert_eq!(notices(&mut heard, &url).await, [], "already online");
    assert_eq!(
        a.online_anywhere().await.unwrap(),
        vec![(ana.user_id, ana.name.clone())]
    );

    a.gone(ana.user_id).await.unwrap();
    assert_eq!(notices(&mut heard, &url).await, [], "still on b");
    b.gone(ana.user_id).await.unwrap();
    assert_eq!(notices(&mut heard, &url).await, [notice(&ana, false)]);
    b.gone(ana.user_id).await.unwrap();
    assert_eq!(notices(&mut heard, &url).await, [], "told once");
    assert!(b.online_anywhere().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_instance_that_leaves_takes_offline_only_those_it_alone_had() {
    let (a, b, store, mut heard, url) = two_instances().await;
    let ana = guest(&store, "ana", 1).await;
    let bob = guest(&store, "bob", 2).await;
    a.here(ana.user_id).await.unwrap();
    a.here(bob.user_id).await.unwrap();
    b.here(bob.user_id).await.unwrap();
    assert_eq!(
        notices(&mut heard, &url).await,
        [notice(&ana, true), notice(&bob, true)]
    );

    a.leave().await.unwrap();
    assert_eq!(notices(&mut heard, &url).await, [notice(&ana, false)]);
    assert_eq!(notices(&mut heard, &url).await, [], "bob is on b");
}

#[tokio::test]
async fn an_instance_that_stops_beating_is_taken_for_dead_and_may_come_back() {
    let (a, b, store, mut heard, url) = two_instances().await;
    let ana = guest(&store, "ana", 1).await;
    a.here(ana.user_id).await.unwrap();
    assert_eq!(notices(&mut heard, &url).await, [notice(&ana, true)]);

    // Nobody has beaten for an hour; then b beats.
    let mut db = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::query("UPDATE instances SET seen_at = now() - interval '1 hour'")
        .execute(&mut db)
        .await
        .unwrap();
    assert_eq!(b.heartbeat().await.unwrap(), Heartbeat::Registered);
    assert_eq!(notices(&mut heard, &url).await, [notice(&ana, false)]);

    assert_eq!(a.heartbeat().await.unwrap(), Heartbeat::Rejoined);
    a.here(ana.user_id).await.unwrap();
    assert_eq!(notices(&mut heard, &url).await, [notice(&ana, true)]);
    assert_eq!(b.heartbeat().await.unwrap(), Heartbeat::Registered);
    assert_eq!(notices(&mut heard, &url).await, [], "a beats again");
}
