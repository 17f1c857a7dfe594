//! Messages: writing, changing and paging through history.

use chrono::Duration;
use domain::{Message, MessageBody, MessageId};

use super::*;

fn bodies(ms: &[Message]) -> Vec<&str> {
    ms.iter().map(|m| m.body.as_str()).collect()
}

#[tokio::test]
async fn a_guest_name_nobody_uses_passes_to_a_new_person_who_inherits_nothing() {
    for b in backends().await {
        let first = guest(&*b.store, "ana", 1).await;
        let bob = guest(&*b.store, "bob", 3).await;
        post(&*b.store, &first, "before").await;
        let (dm, _) = b
            .store
            .open_direct(&first, &[(bob.user_id, bob.name.clone())], t0())
            .await
            .unwrap();

        let later = t0() + Duration::days(31);
        let again = b
            .store
            .open_guest_session(&name("Ana"), &hash(2), later, later + Duration::days(30))
            .await
            .unwrap()
            .viewer;
        assert_ne!(again.user_id, first.user_id, "{}: a new person", b.name);
        assert!(
            !b.store.is_member(dm.id, again.user_id).await.unwrap(),
            "{}",
            b.name
        );
        let theirs = b.store.summaries(again.user_id).await.unwrap();
        assert_eq!(theirs.len(), 1, "{}: only #general", b.name);
        let (other_dm, _) = b
            .store
            .open_direct(&bob, &[(again.user_id, again.name.clone())], later)
            .await
            .unwrap();
        assert_ne!(other_dm.id, dm.id, "{}: the old DM stays closed", b.name);

        let general = channel(&*b.store, "general").await;
        let history = b.store.messages_before(general.id, None, 10).await.unwrap();
        assert_eq!(
            history[0].author.as_str(),
            "ana",
            "{}: old messages keep their name",
            b.name
        );
        let record = b
            .store
            .message_record(history[0].id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            record.author_id, first.user_id,
            "{}: and their author",
            b.name
        );
    }
}

#[tokio::test]
async fn message_and_event_ids_strictly_increase_even_under_concurrent_writers() {
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
        let general = channel(&*b.store, "general").await;
        let all = b
            .store
            .messages_before(general.id, None, 100)
            .await
            .unwrap();
        assert_eq!(all.len(), 40, "{}", b.name);
        assert!(all.windows(2).all(|w| w[0].id < w[1].id), "{}", b.name);
    }
}

/// A message for `batch` tests.
fn new_message(to: &ChannelRecord, author: &Viewer, body: &str) -> NewMessage {
    NewMessage {
        channel_id: to.id,
        channel: to.info.name.clone(),
        author: author.clone(),
        body: MessageBody::parse(body).unwrap(),
        html: format!("<p>{body}</p>"),
        mentions: Vec::new(),
        now: t0(),
    }
}

#[tokio::test]
async fn a_batch_is_stored_in_order_with_increasing_event_ids() {
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        let general = channel(&*b.store, "general").await;
        let batch: Vec<NewMessage> = (0..5)
            .map(|n| new_message(&general, &ana, &format!("m{n}")))
            .collect();
        let events = b.store.insert_messages(&batch).await.unwrap();
        assert!(events.windows(2).all(|w| w[0].id < w[1].id), "{}", b.name);
        let sent: Vec<String> = events.into_iter().map(|e| message_of(e).body).collect();
        assert_eq!(sent, ["m0", "m1", "m2", "m3", "m4"], "{}", b.name);
        let stored = b.store.messages_before(general.id, None, 10).await.unwrap();
        assert_eq!(
            bodies(&stored),
            ["m0", "m1", "m2", "m3", "m4"],
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn each_message_of_a_batch_keeps_its_own_id_event_and_mentions() {
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        let bob = guest(&*b.store, "bob", 2).await;
        let cy = guest(&*b.store, "cy", 3).await;
        let general = channel(&*b.store, "general").await;
        let mentioning = |body: &str, whom: &[&Viewer]| {
            let mut new = new_message(&general, &ana, body);
            new.mentions = whom.iter().map(|v| (v.user_id, v.name.clone())).collect();
            new
        };
        let batch = vec![
            mentioning("m0", &[&bob]),
            mentioning("m1", &[]),
            mentioning("m2", &[&cy, &bob]),
            mentioning("m3", &[&cy]),
        ];
        let events = b.store.insert_messages(&batch).await.unwrap();
        let sent: Vec<Message> = events.into_iter().map(message_of).collect();
        let stored = b.store.messages_before(general.id, None, 10).await.unwrap();
        assert_eq!(
            sent, stored,
            "{}: each event carries its own message",
            b.name
        );
        let mentioned: Vec<Vec<Nickname>> = stored.iter().map(|m| m.mentions.clone()).collect();
        assert_eq!(
            mentioned,
            [
                vec![name("bob")],
                vec![],
                vec![name("bob"), name("cy")],
                vec![name("cy")]
            ],
            "{}",
            b.name
        );
        for (who, expected) in [(&bob, 2), (&cy, 2), (&ana, 0)] {
            let summary = b.store.summaries(who.user_id).await.unwrap().remove(0);
            assert_eq!(summary.mentions, expected, "{}: {}", b.name, who.name);
        }
    }
}

#[tokio::test]
async fn the_database_size_grows_as_messages_are_stored() {
    for b in backends().await {
        let before = b.store.database_size().await.unwrap();
        assert!(before > 0, "{}", b.name);
        let ana = guest(&*b.store, "ana", 1).await;
        let general = channel(&*b.store, "general").await;
        // Text that does not compress (PostgreSQL compresses long values).
        let mut seed: u64 = 7;
        let mut noise = |length: usize| -> String {
            (0..length)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    char::from(b'a' + (seed >> 59) as u8 % 26)
                })
                .collect()
        };
        let batch: Vec<NewMessage> = (0..200)
            .map(|_| new_message(&general, &ana, &noise(3_000)))
            .collect();
        b.store.insert_messages(&batch).await.unwrap();
        let after = b.store.database_size().await.unwrap();
        assert!(after > before, "{}: {before} -> {after}", b.name);
    }
}

#[tokio::test]
async fn a_batch_with_a_bad_message_stores_none_of_it() {
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        let general = channel(&*b.store, "general").await;
        let mut nowhere = new_message(&general, &ana, "lost");
        nowhere.channel_id = 999_999;
        let batch = vec![new_message(&general, &ana, "fine"), nowhere];
        assert!(b.store.insert_messages(&batch).await.is_err(), "{}", b.name);
        let stored = b.store.messages_before(general.id, None, 10).await.unwrap();
        assert!(stored.is_empty(), "{}: all or nothing", b.name);
    }
}

#[tokio::test]
async fn stored_messages_come_back_as_they_went_in() {
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        let bob = guest(&*b.store, "Bob", 2).await;
        let general = channel(&*b.store, "general").await;
        let stored =
            post_mentioning(&*b.store, &general, &ana, "<b>olá</b> @bob 🎉", &[&bob]).await;
        let read = b.store.messages_before(general.id, None, 1).await.unwrap();
        assert_eq!(read, vec![stored.clone()], "{}", b.name);
        assert_eq!(stored.body, "<b>olá</b> @bob 🎉");
        assert_eq!(stored.html, "<p><b>olá</b> @bob 🎉</p>");
        assert_eq!(stored.mentions, vec![name("Bob")]);
        assert_eq!(stored.created_at, t0());
        assert!(!stored.deleted && stored.edited_at.is_none());
    }
}

#[tokio::test]
async fn history_pages_backwards_and_returns_every_message_exactly_once() {
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        let general = channel(&*b.store, "general").await;
        for n in 0..23 {
            post(&*b.store, &ana, &format!("m{n}")).await;
        }
        let newest = b.store.messages_before(general.id, None, 2).await.unwrap();
        assert_eq!(bodies(&newest), ["m21", "m22"], "{}", b.name);

        let mut seen: Vec<MessageId> = Vec::new();
        let mut before = None;
        loop {
            let page = b
                .store
                .messages_before(general.id, before, 5)
                .await
                .unwrap();
            if page.is_empty() {
                break;
            }
            before = Some(page[0].id);
            seen.splice(0..0, page.iter().map(|m| m.id));
        }
        assert_eq!(seen.len(), 23, "{}", b.name);
        assert!(
            seen.windows(2).all(|w| w[0] < w[1]),
            "{}: once each, in order",
            b.name
        );
    }
}

#[tokio::test]
async fn edits_keep_the_message_and_deletes_leave_a_marker_without_its_text() {
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        let general = channel(&*b.store, "general").await;
        let original = post(&*b.store, &ana, "frist").await;
        let later = t0() + Duration::minutes(1);
        let body = MessageBody::parse("first").unwrap();
        let edited = message_of(
            b.store
                .edit_message(original.id, &body, "<p>first</p>", &[], later)
                .await
                .unwrap(),
        );
        assert_eq!(edited.id, original.id, "{}", b.name);
        assert_eq!(edited.body, "first");
        assert_eq!(edited.edited_at, Some(later));
        assert_eq!(edited.created_at, original.created_at);

        let record = b.store.message_record(original.id).await.unwrap().unwrap();
        assert_eq!(record.author_id, ana.user_id);
        assert!(!record.deleted);

        b.store.delete_message(original.id, later).await.unwrap();
        let history = b.store.messages_before(general.id, None, 10).await.unwrap();
        assert_eq!(history.len(), 1, "{}: the marker stays", b.name);
        assert!(history[0].deleted);
        assert_eq!(history[0].body, "");
        assert_eq!(history[0].html, "");
        assert!(
            b.store
                .message_record(original.id)
                .await
                .unwrap()
                .unwrap()
                .deleted
        );
        assert!(b
            .store
            .message_record(MessageId(999))
            .await
            .unwrap()
            .is_none());
    }
}
