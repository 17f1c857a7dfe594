//! The chat's one live feed: opened once the first snapshot is shown,
//! kept while the person switches channels, closed when they sign out or
//! leave the chat pages.
//!
//! Each time the connection opens the outbox is sent; each time it opens
//! again after being down, presence is read anew (its events are not
//! replayed); on `resync` the open channel and the sidebar are reloaded.

use leptos::prelude::*;
use leptos_router::{hooks::use_navigate, NavigateOptions};

use super::{
    outbox_sender,
    store::{ChatStore, FollowUp},
};
use crate::{
    error::ChatError,
    live::{self, Feed, Incoming, LiveStatus},
    server_fns::{load_chat, load_sidebar, ChatSnapshot},
};

type Chat = Resource<Result<Option<ChatSnapshot>, ChatError>>;

pub fn keep_open(chat: Chat, store: ChatStore) {
    let feed = StoredValue::new(None::<Feed>);
    let navigate = use_navigate();
    // Effects run in the browser only.
    Effect::new(move |_| {
        let signed_in = chat.with(|chat| match chat {
            Some(Ok(Some(snapshot))) => {
                Ok(Some((snapshot.me.name.clone(), snapshot.last_event_id)))
            }
            Some(Ok(None)) => Ok(None),
            _ => Err(()),
        });
        match signed_in {
            Ok(Some((me, after))) if feed.with_value(Option::is_none) => {
                let navigate = navigate.clone();
                let was_open = StoredValue::new(None::<bool>);
                let on = move |incoming| match incoming {
                    Incoming::Event(id, event) => match store.receive(id, event) {
                        Some(FollowUp::RefreshSidebar) => refresh_sidebar(store),
                        Some(FollowUp::LeaveRoom) => navigate("/", NavigateOptions::default()),
                        None => {}
                    },
                    Incoming::Ephemeral(event) => store.ephemeral(event),
                    Incoming::Resync(_) => {
                        chat.refetch();
                        refresh_sidebar(store);
                    }
                    Incoming::Status(status) => {
                        store.status.set(status);
                        opened(store, status, was_open);
                    }
                };
                feed.set_value(Some(live::connect(&me, after, on)));
            }
            Ok(None) => {
                feed.set_value(None);
                // This browser's cookie signs nobody in now, in every tab.
                live::signed_out();
                store.status.set(LiveStatus::Connecting);
            }
            _ => {}
        }
    });
    on_cleanup(move || {
        let _ = feed.try_set_value(None);
    });
}

/// On each opening: send what waits; after the first, read presence anew.
fn opened(store: ChatStore, status: LiveStatus, was_open: StoredValue<Option<bool>>) {
    let before = was_open.get_value();
    was_open.set_value(Some(status.is_open()));
    if !status.is_open() || before == Some(true) {
        return;
    }
    outbox_sender::send_waiting(store);
    if before.is_some() {
        refresh_presence(store);
    }
}

/// Reads the sidebar again.
fn refresh_sidebar(store: ChatStore) {
    leptos::task::spawn_local(async move {
        match load_sidebar().await {
            Ok(snapshot) => store.refresh_sidebar(snapshot.channels, snapshot.last_event_id),
            Err(e) => leptos::logging::error!("cannot refresh the sidebar: {e}"),
        }
    });
}

/// Reads who of the open channel is online again.
fn refresh_presence(store: ChatStore) {
    let Some(channel) = store.views.current.get_untracked() else {
        return;
    };
    leptos::task::spawn_local(async move {
        if let Ok(Some(snapshot)) = load_chat(Some(channel.to_string())).await {
            store.set_online(&channel, &snapshot.online);
        }
    });
}
