//! A reader that stops reading must not slow anyone down or grow memory:
//! it falls out of the hub's bounded buffer and catches up from the
//! database, still receiving every message once and in order.

use std::sync::Arc;

use app::backend::MessagesBackend;
use chrono::{Duration, Utc};
use domain::{events::ChatEvent, ChannelName, MessageBody, Nickname};
use futures::StreamExt;
use server::{
    chat::rate_limit::RateSpec,
    chat::{ChatService, ChatSettings},
    config::Config,
    http::sse::{feed_items, Feed, FeedItem},
    http::state::AppState,
    live::{delivery::Delivery, hub::Hub},
    store::{sqlite::SqliteStore, Accounts},
};
use tokio_util::sync::CancellationToken;

#[tokio::test]
async fn a_reader_that_falls_behind_the_hub_catches_up_from_the_database() {
    // Recording from the start, as `Application::build` does.
    server::ops::metrics::handle();
    let data = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", data.path().join("lag.db").display());
    let store = SqliteStore::connect(&url).await.unwrap();
    let now = Utc::now();
    let ana = store
        .open_guest_session(
            &Nickname::parse("ana").unwrap(),
            &[1; 32],
            now,
            now + Duration::days(1),
        )
        .await
        .unwrap()
        .viewer;
    let hub_capacity = 4;
    let settings = ChatSettings {
        post_rate: RateSpec::Off,
        session_rate: RateSpec::Off,
        login_rate: RateSpec::Off,
        write_rate: RateSpec::Off,
        feed_caps: Default::default(),
        session_ttl: server::config::DEFAULT_SESSION_TTL,
        presence_grace: server::live::presence::DEFAULT_GRACE,
        admins: Vec::new(),
    };
    let hub = Hub::new(hub_capacity);
    let chat = Arc::new(ChatService::new(
        Arc::new(store),
        hub.clone(),
        Delivery::ByWriters,
        None,
        settings,
    ));
    let state = AppState {
        chat: chat.clone(),
        hub,
        stats: chat.stats().clone(),
        shutdown: CancellationToken::new(),
        heartbeat: server::http::sse::DEFAULT_HEARTBEAT,
        replay_limit: server::http::sse::DEFAULT_REPLAY_LIMIT,
        leptos_options: Config::for_tests(url).leptos_options,
        metrics: Default::default(),
    };

    let scope = chat.feed_scope(&ana, None, None).await.unwrap();
    let mut feed = Box::pin(feed_items(
        state,
        Feed {
            scope,
            after: None,
            credential: None,
        },
    ));
    assert!(matches!(feed.next().await, Some(FeedItem::Ready(_))));

    // The reader is not polled while 10× the hub's capacity is posted.
    let total = hub_capacity * 10;
    for n in 0..total {
        chat.post_message(
            &ana,
            &ChannelName::general(),
            MessageBody::parse(&format!("m{n}")).unwrap(),
        )
        .await
        .unwrap();
    }

    let mut last_id = 0;
    for n in 0..total {
        // Presence (the reader's own coming online) may pass by first.
        let stored = loop {
            match feed.next().await {
                Some(FeedItem::Event(stored)) => break stored,
                Some(FeedItem::Ephemeral(_) | FeedItem::Heartbeat) => continue,
                other => panic!("message {n} is missing: {other:?}"),
            }
        };
        let ChatEvent::Message(message) = &stored.event else {
            panic!("event {n} is not a message");
        };
        assert_eq!(message.body, format!("m{n}"));
        assert!(message.id.0 > last_id);
        last_id = message.id.0;
    }
    let exposition = server::ops::metrics::handle().render();
    assert!(
        exposition.contains("papo_feed_catch_ups_total 1"),
        "the catch-up is counted: {exposition}"
    );
}
