//! Channels, DMs, members and read positions.

use domain::{ChannelKind, ChannelName, ChannelTopic, MessageId};
use server::{live::event_log::MemberChange, store::StoreError};

use super::*;

fn channel_name(raw: &str) -> ChannelName {
    ChannelName::parse(raw).unwrap()
}

#[tokio::test]
async fn everyone_is_in_general_from_the_start() {
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        let bob = registered(&*b.store, "bob", 2).await;
        let general = channel(&*b.store, "general").await;
        assert_eq!(general.info.kind, ChannelKind::Public);
        for user in [&ana, &bob] {
            assert!(
                b.store.is_member(general.id, user.user_id).await.unwrap(),
                "{}",
                b.name
            );
        }
        assert_eq!(b.store.member_count(general.id).await.unwrap(), 2);
    }
}

#[tokio::test]
async fn a_created_channel_has_its_creator_and_a_unique_name() {
    for b in backends().await {
        let ana = registered(&*b.store, "ana", 1).await;
        let topic = ChannelTopic::parse("planning").unwrap();
        let (dev, events) = b
            .store
            .create_channel(
                &channel_name("dev"),
                ChannelKind::Public,
                topic.as_ref(),
                &ana,
                t0(),
            )
            .await
            .unwrap();
        assert_eq!(dev.creator_id, Some(ana.user_id));
        assert_eq!(dev.info.topic, topic);
        assert_eq!(dev.info.created_by, Some(name("ana")));
        assert!(b.store.is_member(dev.id, ana.user_id).await.unwrap());
        assert_eq!(events.len(), 2, "{}", b.name);
        assert_eq!(
            events[0].route.member,
            Some(MemberChange::Joined(ana.user_id))
        );
        assert!(
            events[1].route.everyone,
            "a public channel is announced to all"
        );
        assert!(events[0].id < events[1].id);

        let again = b
            .store
            .create_channel(&channel_name("dev"), ChannelKind::Private, None, &ana, t0())
            .await;
        assert!(matches!(again, Err(StoreError::ChannelTaken)), "{}", b.name);
    }
}

#[tokio::test]
async fn private_channels_are_not_listed_to_browse() {
    for b in backends().await {
        let ana = registered(&*b.store, "ana", 1).await;
        let bob = guest(&*b.store, "bob", 2).await;
        let (_, events) = b
            .store
            .create_channel(
                &channel_name("secret"),
                ChannelKind::Private,
                None,
                &ana,
                t0(),
            )
            .await
            .unwrap();
        assert!(!events.iter().any(|e| e.route.everyone), "{}", b.name);
        let listed: Vec<String> = b
            .store
            .public_channels(bob.user_id)
            .await
            .unwrap()
            .into_iter()
            .map(|l| l.info.name.to_string())
            .collect();
        assert_eq!(listed, ["general"], "{}", b.name);
        let bobs: Vec<String> = b
            .store
            .summaries(bob.user_id)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.info.name.to_string())
            .collect();
        assert_eq!(bobs, ["general"], "{}", b.name);
    }
}

#[tokio::test]
async fn a_channel_is_found_with_whether_the_asker_is_in_it() {
    for b in backends().await {
        let ana = registered(&*b.store, "ana", 1).await;
        let bob = guest(&*b.store, "bob", 2).await;
        let room = private_channel(&*b.store, "room", &ana).await;
        for (who, in_it) in [(&ana, true), (&bob, false)] {
            let (channel, member) = b
                .store
                .channel_seen_by(&channel_name("room"), who.user_id)
                .await
                .unwrap()
                .expect("the channel exists");
            assert_eq!(channel, room, "{}", b.name);
            assert_eq!(member, in_it, "{}: {}", b.name, who.name);
        }
        assert!(b
            .store
            .channel_seen_by(&channel_name("nowhere"), ana.user_id)
            .await
            .unwrap()
            .is_none());
    }
}

#[tokio::test]
async fn the_same_people_always_get_the_same_direct_conversation() {
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        let bob = guest(&*b.store, "bob", 2).await;
        let cy = guest(&*b.store, "cy", 3).await;
        let bob_entry = (bob.user_id, bob.name.clone());
        let (dm, events) = b
            .store
            .open_direct(&ana, std::slice::from_ref(&bob_entry), t0())
            .await
            .unwrap();
        assert_eq!(dm.info.kind, ChannelKind::Direct);
        assert_eq!(dm.info.name, ChannelName::direct(dm.id));
        assert_eq!(dm.info.participants, vec![name("ana"), name("bob")]);
        assert_eq!(events.len(), 3, "{}: two joins and the creation", b.name);

        let ana_entry = (ana.user_id, ana.name.clone());
        let (same, none) = b.store.open_direct(&bob, &[ana_entry], t0()).await.unwrap();
        assert_eq!(same.id, dm.id, "{}", b.name);
        assert!(none.is_empty());

        let cy_entry = (cy.user_id, cy.name.clone());
        let (group, _) = b
            .store
            .open_direct(&ana, &[bob_entry, cy_entry], t0())
            .await
            .unwrap();
        assert_ne!(
            group.id, dm.id,
            "{}: other people, other conversation",
            b.name
        );
        assert!(!b.store.is_member(dm.id, cy.user_id).await.unwrap());
    }
}

#[tokio::test]
async fn presence_is_announced_only_in_channels_up_to_a_size() {
    for b in backends().await {
        let ana = registered(&*b.store, "ana", 1).await;
        let bob = guest(&*b.store, "bob", 2).await;
        let room = private_channel(&*b.store, "room", &ana).await;
        let names = |channels: Vec<(i64, ChannelName)>| -> Vec<String> {
            let mut names: Vec<String> = channels.into_iter().map(|(_, n)| n.to_string()).collect();
            names.sort();
            names
        };
        let of_ana = b.store.channels_for_presence(ana.user_id, 2).await.unwrap();
        assert_eq!(names(of_ana), ["general", "room"], "{}", b.name);
        b.store
            .add_member(&room, &(bob.user_id, bob.name.clone()), None, t0())
            .await
            .unwrap();
        let of_ana = b.store.channels_for_presence(ana.user_id, 1).await.unwrap();
        assert!(of_ana.is_empty(), "{}: both have two members now", b.name);
        let of_bob = b.store.channels_for_presence(bob.user_id, 2).await.unwrap();
        assert_eq!(names(of_bob), ["general", "room"], "{}", b.name);
    }
}

#[tokio::test]
async fn members_come_and_go_once() {
    for b in backends().await {
        let ana = registered(&*b.store, "ana", 1).await;
        let bob = guest(&*b.store, "bob", 2).await;
        let room = private_channel(&*b.store, "room", &ana).await;
        let bob_entry = (bob.user_id, bob.name.clone());
        let joined = b
            .store
            .add_member(&room, &bob_entry, Some(&ana.name), t0())
            .await
            .unwrap();
        assert_eq!(
            joined.unwrap().route.member,
            Some(MemberChange::Joined(bob.user_id)),
            "{}",
            b.name
        );
        assert!(b
            .store
            .add_member(&room, &bob_entry, None, t0())
            .await
            .unwrap()
            .is_none());
        assert_eq!(
            b.store.member_names(room.id).await.unwrap(),
            vec![name("ana"), name("bob")]
        );
        assert_eq!(
            b.store
                .members_named(room.id, &["BOB".into(), "zed".into()])
                .await
                .unwrap(),
            vec![(bob.user_id, name("bob"))]
        );

        let left = b
            .store
            .remove_member(&room, &bob_entry, Some(&ana.name), t0())
            .await
            .unwrap();
        assert_eq!(
            left.unwrap().route.member,
            Some(MemberChange::Left(bob.user_id))
        );
        assert!(b
            .store
            .remove_member(&room, &bob_entry, None, t0())
            .await
            .unwrap()
            .is_none());
        assert!(!b
            .store
            .channel_ids_of(bob.user_id)
            .await
            .unwrap()
            .contains(&room.id));
    }
}

#[tokio::test]
async fn unread_counts_follow_the_read_position_which_never_moves_back() {
    for b in backends().await {
        let ana = guest(&*b.store, "ana", 1).await;
        let bob = guest(&*b.store, "bob", 2).await;
        let general = channel(&*b.store, "general").await;
        post(&*b.store, &bob, "one").await;
        let second = post_mentioning(&*b.store, &general, &bob, "@ana two", &[&ana]).await;
        post(&*b.store, &ana, "mine does not count").await;

        let summary = |store: Arc<dyn Store>, user_id| async move {
            store.summaries(user_id).await.unwrap().remove(0)
        };
        let before = summary(b.store.clone(), ana.user_id).await;
        assert_eq!((before.unread, before.mentions), (2, 1), "{}", b.name);

        let read = b
            .store
            .mark_read(&general, ana.user_id, second.id, t0())
            .await
            .unwrap()
            .expect("the position moved");
        assert_eq!(read.route.only_user, Some(ana.user_id), "{}", b.name);
        let after = summary(b.store.clone(), ana.user_id).await;
        assert_eq!((after.unread, after.mentions), (0, 0), "{}", b.name);
        assert_eq!(after.last_read_id, second.id);

        let back = b
            .store
            .mark_read(&general, ana.user_id, MessageId(1), t0())
            .await
            .unwrap();
        assert!(back.is_none(), "{}: never backwards", b.name);
        let beyond = b
            .store
            .mark_read(&general, ana.user_id, MessageId(9_999), t0())
            .await
            .unwrap()
            .unwrap();
        let ChatEvent::Read(marker) = beyond.event else {
            panic!("a read event");
        };
        assert!(
            marker.last_read_id < MessageId(9_999),
            "{}: capped at the newest",
            b.name
        );
    }
}
