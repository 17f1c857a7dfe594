//! The storage contract: what every `Store` backend must do. Each test runs
//! against every backend papo ships (SQLite for now), on a fresh database.

use std::sync::Arc;

use app::domain::{ChannelName, MessageBody, MessageId, Nickname, Viewer};
use chrono::{DateTime, Duration, Utc};
use server::store::{sqlite::SqliteStore, Store, StoreError, TokenHash};
use tempfile::TempDir;

/// A backend under test and whatever keeps its database alive.
struct Backend {
    name: &'static str,
    store: Arc<dyn Store>,
    _data: TempDir,
}

async fn backends() -> Vec<Backend> {
    let data = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", data.path().join("contract.db").display());
    let sqlite = SqliteStore::connect(&url).await.expect("SQLite opens");
    vec![Backend {
        name: "sqlite",
        store: Arc::new(sqlite),
        _data: data,
    }]
}

fn name(raw: &str) -> Nickname {
    Nickname::parse(raw).unwrap()
}

fn hash(n: u8) -> TokenHash {
    [n; 32]
}

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).unwrap()
}

async fn has_session(store: &dyn Store, token: u8, at: DateTime<Utc>) -> bool {
    store
        .session_viewer(&hash(token), at)
        .await
        .unwrap()
        .is_some()
}

async fn guest(store: &dyn Store, raw: &str, token: u8) -> Viewer {
    store
        .open_guest_session(&name(raw), &hash(token), t0(), t0() + Duration::days(30))
        .await
        .unwrap()
}

async fn post(store: &dyn Store, author: &Viewer, body: &str) -> app::domain::Message {
    store
        .insert_message(
            &ChannelName::general(),
            author,
            &MessageBody::parse(body).unwrap(),
            t0(),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn a_guest_session_finds_its_user_until_it_expires() {
    for b in backends().await {
        let ana = guest(&*b.store, "Ana", 1).await;
        let (found, expires) = b
            .store
            .session_viewer(&hash(1), t0())
            .await
            .unwrap()
            .expect(b.name);
        assert_eq!(found, ana, "{}", b.name);
        assert_eq!(expires, t0() + Duration::days(30));
        let later = t0() + Duration::days(31);
        assert!(!has_session(&*b.store, 1, later).await, "{}", b.name);
        assert!(!has_session(&*b.store, 9, t0()).await, "{}", b.name);
    }
}

#[tokio::test]
async fn extending_a_session_moves_its_expiry() {
    for b in backends().await {
        guest(&*b.store, "ana", 1).await;
        let new_expiry = t0() + Duration::days(60);
        b.store.extend_session(&hash(1), new_expiry).await.unwrap();
        let (_, expires) = b
            .store
            .session_viewer(&hash(1), t0() + Duration::days(45))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(expires, new_expiry, "{}", b.name);
    }
}

#[tokio::test]
async fn an_active_name_cannot_be_taken_in_any_case() {
    for b in backends().await {
        guest(&*b.store, "ana", 1).await;
        let taken = b
            .store
            .open_guest_session(&name("ANA"), &hash(2), t0(), t0() + Duration::days(30))
            .await;
        assert!(matches!(taken, Err(StoreError::NameTaken)), "{}", b.name);
    }
}

#[tokio::test]
async fn a_name_whose_sessions_expired_can_be_joined_again_and_keeps_its_messages() {
    for b in backends().await {
        let first = guest(&*b.store, "ana", 1).await;
        post(&*b.store, &first, "before").await;
        let later = t0() + Duration::days(31);
        let again = b
            .store
            .open_guest_session(&name("Ana"), &hash(2), later, later + Duration::days(30))
            .await
            .unwrap();
        assert_eq!(again.user_id, first.user_id, "{}", b.name);
        let history = b
            .store
            .messages_before(&ChannelName::general(), None, 10)
            .await
            .unwrap();
        assert_eq!(history[0].author.as_str(), "Ana", "{}", b.name);
    }
}

#[tokio::test]
async fn message_ids_strictly_increase_even_under_concurrent_writers() {
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        let writers: Vec<_> = (0..40)
            .map(|n| {
                let store = b.store.clone();
                let ana = ana.clone();
                tokio::spawn(async move { post(&*store, &ana, &format!("m{n}")).await.id })
            })
            .collect();
        let mut ids = Vec::new();
        for writer in writers {
            ids.push(writer.await.unwrap());
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 40, "{}: ids are unique", b.name);
        let latest = b.store.latest_message_id().await.unwrap();
        assert_eq!(latest, *ids.last().unwrap(), "{}", b.name);
        let all = b
            .store
            .messages_after(None, MessageId(0), 100)
            .await
            .unwrap();
        assert!(
            all.windows(2).all(|w| w[0].id < w[1].id),
            "{}: replay is in id order",
            b.name
        );
    }
}

#[tokio::test]
async fn a_message_to_an_unknown_channel_is_refused() {
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        let body = MessageBody::parse("hi").unwrap();
        let nowhere = ChannelName::parse("nowhere").unwrap();
        let result = b.store.insert_message(&nowhere, &ana, &body, t0()).await;
        assert!(
            matches!(result, Err(StoreError::UnknownChannel)),
            "{}",
            b.name
        );
        assert!(!b.store.channel_exists(&nowhere).await.unwrap());
        assert!(b
            .store
            .channel_exists(&ChannelName::general())
            .await
            .unwrap());
    }
}

#[tokio::test]
async fn stored_messages_come_back_as_they_went_in() {
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        let stored = post(&*b.store, &ana, "<b>olá</b> 🎉").await;
        let read = b
            .store
            .messages_before(&ChannelName::general(), None, 1)
            .await
            .unwrap();
        assert_eq!(read, vec![stored.clone()], "{}", b.name);
        assert_eq!(stored.body, "<b>olá</b> 🎉");
        assert_eq!(stored.created_at, t0());
    }
}

#[tokio::test]
async fn history_pages_backwards_and_replay_pages_forwards() {
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        let mut ids = Vec::new();
        for n in 0..5 {
            ids.push(post(&*b.store, &ana, &format!("m{n}")).await.id);
        }
        let general = ChannelName::general();
        let bodies =
            |ms: Vec<app::domain::Message>| ms.into_iter().map(|m| m.body).collect::<Vec<_>>();

        assert_eq!(
            bodies(b.store.messages_before(&general, None, 2).await.unwrap()),
            ["m3", "m4"]
        );
        assert_eq!(
            bodies(
                b.store
                    .messages_before(&general, Some(ids[3]), 2)
                    .await
                    .unwrap()
            ),
            ["m1", "m2"]
        );
        assert_eq!(
            bodies(
                b.store
                    .messages_after(Some(&general), ids[1], 2)
                    .await
                    .unwrap()
            ),
            ["m2", "m3"]
        );
        assert_eq!(
            bodies(b.store.messages_after(None, ids[3], 10).await.unwrap()),
            ["m4"]
        );
        let other = ChannelName::parse("other").unwrap();
        assert!(b
            .store
            .messages_after(Some(&other), MessageId(0), 10)
            .await
            .unwrap()
            .is_empty());
    }
}

#[tokio::test]
async fn an_empty_database_has_no_latest_message() {
    for b in backends().await {
        assert_eq!(
            b.store.latest_message_id().await.unwrap(),
            MessageId(0),
            "{}",
            b.name
        );
        b.store.ping().await.unwrap();
    }
}

#[tokio::test]
async fn a_registered_account_has_its_hash_and_its_name_is_reserved() {
    for b in backends().await {
        let ana = b
            .store
            .register(
                &name("Ana"),
                "$argon2id$fake",
                None,
                &hash(1),
                t0(),
                t0() + Duration::days(30),
            )
            .await
            .unwrap();
        assert!(ana.registered, "{}", b.name);
        let (found, stored) = b.store.account(&name("ANA")).await.unwrap().expect(b.name);
        assert_eq!(
            (found, stored.as_str()),
            (ana.clone(), "$argon2id$fake"),
            "{}",
            b.name
        );

        let later = t0() + Duration::days(90);
        let guest = b
            .store
            .open_guest_session(&name("ana"), &hash(2), later, later + Duration::days(1))
            .await;
        assert!(
            matches!(guest, Err(StoreError::NameTaken)),
            "{}: not even after it is idle",
            b.name
        );
        let again = b
            .store
            .register(&name("ana"), "$other", None, &hash(3), later, later)
            .await;
        assert!(matches!(again, Err(StoreError::NameTaken)), "{}", b.name);
    }
}

#[tokio::test]
async fn only_the_guest_itself_may_claim_its_active_name() {
    for b in backends().await {
        let guest = guest(&*b.store, "bia", 1).await;
        assert!(
            b.store.account(&name("bia")).await.unwrap().is_none(),
            "{}: guests have no account",
            b.name
        );
        let stranger = b
            .store
            .register(&name("bia"), "$h", Some(999), &hash(2), t0(), t0())
            .await;
        assert!(matches!(stranger, Err(StoreError::NameTaken)), "{}", b.name);
        let claimed = b
            .store
            .register(
                &name("bia"),
                "$h",
                Some(guest.user_id),
                &hash(3),
                t0(),
                t0() + Duration::days(1),
            )
            .await
            .unwrap();
        assert_eq!(
            claimed.user_id, guest.user_id,
            "{}: same user, same messages",
            b.name
        );
    }
}

#[tokio::test]
async fn sessions_end_one_by_one_or_all_at_once() {
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        b.store
            .open_session(ana.user_id, &hash(2), t0(), t0() + Duration::days(1))
            .await
            .unwrap();
        b.store
            .open_session(ana.user_id, &hash(3), t0(), t0() + Duration::days(1))
            .await
            .unwrap();
        b.store.close_session(&hash(1)).await.unwrap();
        assert!(!has_session(&*b.store, 1, t0()).await, "{}", b.name);
        assert!(has_session(&*b.store, 2, t0()).await, "{}", b.name);
        b.store.close_all_sessions(ana.user_id).await.unwrap();
        for n in [2, 3] {
            assert!(!has_session(&*b.store, n, t0()).await, "{}", b.name);
        }
    }
}

#[tokio::test]
async fn api_tokens_are_listed_used_and_revoked_by_their_owner_only() {
    use app::domain::TokenLabel;
    for b in backends().await {
        let ana = b
            .store
            .register(&name("ana"), "$h", None, &hash(1), t0(), t0())
            .await
            .unwrap();
        let bob = b
            .store
            .register(&name("bob"), "$h", None, &hash(2), t0(), t0())
            .await
            .unwrap();
        let label = TokenLabel::parse("ci").unwrap();
        let token = b
            .store
            .create_api_token(ana.user_id, &label, &hash(10), t0())
            .await
            .unwrap();
        assert_eq!(token.last_used_at, None);

        let used_at = t0() + Duration::hours(1);
        let viewer = b.store.api_token_viewer(&hash(10), used_at).await.unwrap();
        assert_eq!(viewer, Some(ana.clone()), "{}", b.name);
        let listed = b.store.api_tokens(ana.user_id).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].last_used_at, Some(used_at), "{}", b.name);
        assert!(
            b.store.api_tokens(bob.user_id).await.unwrap().is_empty(),
            "{}",
            b.name
        );

        let by_bob = b
            .store
            .revoke_api_token(bob.user_id, token.id)
            .await
            .unwrap();
        assert_eq!(by_bob, None, "{}", b.name);
        let by_ana = b
            .store
            .revoke_api_token(ana.user_id, token.id)
            .await
            .unwrap();
        assert_eq!(by_ana, Some(hash(10)), "{}", b.name);
        assert!(
            b.store
                .api_token_viewer(&hash(10), used_at)
                .await
                .unwrap()
                .is_none(),
            "{}",
            b.name
        );
    }
}
