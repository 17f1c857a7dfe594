//! People, sessions and API tokens.

use chrono::Duration;
use server::store::{Opened, StoreError, StoreResult};

use super::*;

/// Opens one more session of `user`, valid for a day from `t0`.
/// The guest `bia` registers its name, with session token 3.
async fn claim_bia(store: &dyn Store, guest: &Viewer) -> StoreResult<Opened> {
    store
        .register(
            &name("bia"),
            "$h",
            Some(guest.user_id),
            &hash(3),
            t0(),
            t0() + Duration::days(1),
        )
        .await
}

async fn another_session(store: &dyn Store, user: &Viewer, token: u8) {
    store
        .open_session(user.user_id, &hash(token), t0(), t0() + Duration::days(1))
        .await
        .unwrap();
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
            .unwrap()
            .viewer;
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
        let claimed = claim_bia(&*b.store, &guest).await.unwrap().viewer;
        assert_eq!(
            claimed.user_id, guest.user_id,
            "{}: same user, same messages",
            b.name
        );
    }
}

#[tokio::test]
async fn the_first_account_is_the_first_registered_not_the_oldest_user() {
    for b in backends().await {
        assert_eq!(b.store.first_account().await.unwrap(), None, "{}", b.name);
        // Ana joins as a guest first, Bo registers, then Ana registers too.
        let ana = guest(&*b.store, "ana", 1).await;
        guest(&*b.store, "cy", 2).await;
        assert_eq!(b.store.first_account().await.unwrap(), None, "{}", b.name);
        let bo = registered(&*b.store, "bo", 3).await;
        let later = t0() + Duration::seconds(1);
        let claimed = b
            .store
            .register(
                &name("ana"),
                "$h",
                Some(ana.user_id),
                &hash(4),
                later,
                later,
            )
            .await
            .unwrap()
            .viewer;
        assert!(claimed.user_id < bo.user_id, "{}", b.name);
        assert_eq!(
            b.store.first_account().await.unwrap(),
            Some(bo.user_id),
            "{}: Ana is older, Bo registered first",
            b.name
        );
    }
}

#[tokio::test]
async fn sessions_end_one_by_one_or_all_at_once() {
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        another_session(&*b.store, &ana, 2).await;
        another_session(&*b.store, &ana, 3).await;
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
    use domain::TokenLabel;
    for b in backends().await {
        let ana = b
            .store
            .register(&name("ana"), "$h", None, &hash(1), t0(), t0())
            .await
            .unwrap()
            .viewer;
        let bob = b
            .store
            .register(&name("bob"), "$h", None, &hash(2), t0(), t0())
            .await
            .unwrap()
            .viewer;
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
            .revoke_api_token(bob.user_id, token.id, None)
            .await
            .unwrap();
        assert_eq!(by_bob, None, "{}", b.name);
        let as_another_token = b
            .store
            .revoke_api_token(ana.user_id, token.id, Some(&hash(11)))
            .await
            .unwrap();
        assert_eq!(as_another_token, None, "{}", b.name);
        let by_ana = b
            .store
            .revoke_api_token(ana.user_id, token.id, None)
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

#[tokio::test]
async fn a_retired_guest_leaves_its_channels_with_an_event_each_and_keeps_no_session() {
    use domain::events::ChatEvent;
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        let bob = registered(&*b.store, "bob", 2).await;
        let secret = private_channel(&*b.store, "secret", &bob).await;
        let member = (ana.user_id, ana.name.clone());
        b.store
            .add_member(&secret, &member, Some(&bob.name), t0())
            .await
            .unwrap();

        let later = t0() + Duration::days(31);
        let opened = b
            .store
            .open_guest_session(&name("ana"), &hash(3), later, later + Duration::days(1))
            .await
            .unwrap();
        let retired = opened.retired.expect(b.name);
        assert_eq!(retired.user_id, ana.user_id, "{}", b.name);
        let left: Vec<_> = retired
            .left
            .iter()
            .map(|stored| match &stored.event {
                ChatEvent::MemberLeft(change) => (change.channel.as_str(), change.user.as_str()),
                other => panic!("{}: {other:?}", b.name),
            })
            .collect();
        assert_eq!(left, [("secret", "ana")], "{}: not #general", b.name);
        assert!(
            !has_session(&*b.store, 1, t0()).await,
            "{}: its session is gone, whatever the clock says",
            b.name
        );

        let again = b
            .store
            .open_guest_session(&name("bob2"), &hash(4), later, later)
            .await
            .unwrap();
        assert!(again.retired.is_none(), "{}: a fresh name", b.name);
    }
}

#[tokio::test]
async fn claiming_a_guest_name_ends_the_guests_other_sessions() {
    for b in backends().await {
        let guest = guest(&*b.store, "bia", 1).await;
        another_session(&*b.store, &guest, 2).await;
        claim_bia(&*b.store, &guest).await.unwrap();
        for old in [1, 2] {
            assert!(!has_session(&*b.store, old, t0()).await, "{}", b.name);
        }
        assert!(has_session(&*b.store, 3, t0()).await, "{}", b.name);
    }
}
