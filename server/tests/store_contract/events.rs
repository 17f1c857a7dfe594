//! The event log that feeds replay.

use domain::EventId;
use server::store::{Page, Reader};

use super::*;

fn everything(user_id: i64) -> Reader {
    Reader {
        user_id,
        channel_id: None,
    }
}

#[tokio::test]
async fn an_empty_database_has_no_events_and_answers_pings() {
    for b in backends().await {
        assert_eq!(
            b.store.latest_event_id().await.unwrap(),
            EventId(0),
            "{}",
            b.name
        );
        b.store.ping().await.unwrap();
    }
}

#[tokio::test]
async fn a_page_of_long_messages_stops_at_its_byte_budget() {
    for b in backends().await {
        let ana = registered(&*b.store, "ana", 1).await;
        let start = b.store.latest_event_id().await.unwrap();
        let long = "x".repeat(4_000);
        for _ in 0..10 {
            post(&*b.store, &ana, &long).await;
        }
        let budget = Page {
            events: 500,
            bytes: 20_000,
        };
        let page = b
            .store
            .events_after(everything(ana.user_id), start, budget)
            .await
            .unwrap();
        // Each frame carries the body twice (text and HTML): about 8 KB.
        assert_eq!(page.len(), 3, "{}: the third passes 20 KB", b.name);
        assert!(budget.is_full(&page), "{}", b.name);
        let rest = b
            .store
            .events_after(everything(ana.user_id), page[2].id, Page::events(500))
            .await
            .unwrap();
        assert_eq!(rest.len(), 7, "{}: nothing is lost between pages", b.name);
        assert!(!Page::events(500).is_full(&rest), "{}", b.name);
    }
}

#[tokio::test]
async fn replay_returns_what_a_reader_may_see_in_id_order() {
    for b in backends().await {
        let ana = registered(&*b.store, "ana", 1).await;
        let bob = guest(&*b.store, "bob", 2).await;
        let secret = private_channel(&*b.store, "secret", &ana).await;
        let hidden = post_to(&*b.store, &secret, &ana, "hidden").await;
        let general = channel(&*b.store, "general").await;
        let public = post(&*b.store, &ana, "public").await;
        b.store
            .mark_read(&general, ana.user_id, public.id, t0())
            .await
            .unwrap();

        let of = |events: Vec<StoredEvent>| -> Vec<&'static str> {
            events.iter().map(|e| e.event.name()).collect()
        };
        let for_bob = b
            .store
            .events_after(everything(bob.user_id), EventId(0), Page::events(100))
            .await
            .unwrap();
        assert_eq!(
            of(for_bob.clone()),
            ["message"],
            "{}: no secret, no marker",
            b.name
        );
        let ChatEvent::Message(seen) = &for_bob[0].event else {
            unreachable!()
        };
        assert_eq!(seen, &public);

        let for_ana = b
            .store
            .events_after(everything(ana.user_id), EventId(0), Page::events(100))
            .await
            .unwrap();
        assert_eq!(
            of(for_ana.clone()),
            [
                "member_joined",
                "channel_created",
                "message",
                "message",
                "read"
            ],
            "{}",
            b.name
        );
        assert!(for_ana.windows(2).all(|w| w[0].id < w[1].id));
        assert_eq!(
            b.store.latest_event_id().await.unwrap(),
            for_ana.last().unwrap().id
        );

        let only_secret = Reader {
            user_id: ana.user_id,
            channel_id: Some(secret.id),
        };
        let page = b
            .store
            .events_after(only_secret, for_ana[0].id, Page::events(1))
            .await
            .unwrap();
        assert_eq!(
            of(page),
            ["channel_created"],
            "{}: one channel, paged",
            b.name
        );

        b.store.delete_message(hidden.id, t0()).await.unwrap();
        let replayed = b
            .store
            .events_after(everything(ana.user_id), EventId(0), Page::events(100))
            .await
            .unwrap();
        let ChatEvent::Message(first) = &replayed[2].event else {
            unreachable!()
        };
        assert!(
            first.deleted && first.body.is_empty(),
            "{}: a deleted text is not replayed",
            b.name
        );
    }
}

#[tokio::test]
async fn a_removed_member_still_replays_its_own_removal() {
    for b in backends().await {
        let ana = registered(&*b.store, "ana", 1).await;
        let bob = guest(&*b.store, "bob", 2).await;
        let room = private_channel(&*b.store, "room", &ana).await;
        let entry = (bob.user_id, bob.name.clone());
        let start = b.store.latest_event_id().await.unwrap();
        b.store
            .add_member(&room, &entry, Some(&ana.name), t0())
            .await
            .unwrap();
        b.store
            .remove_member(&room, &entry, Some(&ana.name), t0())
            .await
            .unwrap();
        let for_bob = b
            .store
            .events_after(everything(bob.user_id), start, Page::events(100))
            .await
            .unwrap();
        let names: Vec<&str> = for_bob.iter().map(|e| e.event.name()).collect();
        assert_eq!(names, ["member_joined", "member_left"], "{}", b.name);
    }
}

/// Two instances write at once while a reader keeps asking for what is
/// new, as a live feed does: a lower id committing after the reader has
/// seen a higher one would be missed for good. Every id the log ends up
/// with must have reached the reader.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_misses_no_event_while_two_instances_write() {
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        let general = channel(&*b.store, "general").await;
        let other = b.another_instance().await;
        let writers: Vec<_> = [b.store.clone(), other]
            .into_iter()
            .flat_map(|store| (0..4).map(move |n| (store.clone(), n)))
            .map(|(store, n)| {
                let (ana, general) = (ana.clone(), general.clone());
                tokio::spawn(async move {
                    for i in 0..25 {
                        post_to(&*store, &general, &ana, &format!("w{n} m{i}")).await;
                    }
                })
            })
            .collect();
        let reader = {
            let store = b.store.clone();
            tokio::spawn(async move {
                let mut seen = Vec::new();
                while seen.len() < 200 {
                    let after = seen.last().copied().unwrap_or(EventId(0));
                    let new = store
                        .events_after(everything(ana.user_id), after, Page::events(1000))
                        .await
                        .unwrap();
                    seen.extend(new.iter().map(|e| e.id));
                    tokio::task::yield_now().await;
                }
                seen
            })
        };
        for writer in writers {
            writer.await.unwrap();
        }
        let seen = tokio::time::timeout(std::time::Duration::from_secs(10), reader)
            .await
            .unwrap_or_else(|_| panic!("{}: the reader missed an event", b.name))
            .unwrap();
        let logged: Vec<EventId> = b
            .store
            .events_after(everything(ana.user_id), EventId(0), Page::events(1000))
            .await
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(logged.len(), 200, "{}", b.name);
        assert_eq!(seen, logged, "{}: every event, once, in order", b.name);
    }
}
