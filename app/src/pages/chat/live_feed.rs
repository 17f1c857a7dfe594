//! The chat's one live feed: opened once the first snapshot is shown,
//! kept while the person switches channels, closed when they sign out or
//! leave the chat pages.

use leptos::prelude::*;
use leptos_router::{hooks::use_navigate, NavigateOptions};

use super::store::{ChatStore, FollowUp};
use crate::{
    error::ChatError,
    live::{self, Feed, LiveStatus},
    server_fns::{load_sidebar, ChatSnapshot},
};

type Chat = Resource<Result<Option<ChatSnapshot>, ChatError>>;

pub fn keep_open(chat: Chat, store: ChatStore) {
    let feed = StoredValue::new(None::<Feed>);
    let navigate = use_navigate();
    // Effects run in the browser only.
    Effect::new(move |_| {
        let signed_in = chat.with(|chat| match chat {
            Some(Ok(Some(snapshot))) => Ok(Some(snapshot.last_event_id)),
            Some(Ok(None)) => Ok(None),
            _ => Err(()),
        });
        match signed_in {
            Ok(Some(after)) if feed.with_value(Option::is_none) => {
                let navigate = navigate.clone();
                let on_event = move |id, event| match store.receive(id, event) {
                    Some(FollowUp::RefreshSidebar) => refresh_sidebar(store),
                    Some(FollowUp::LeaveRoom) => navigate("/", NavigateOptions::default()),
                    None => {}
                };
                let on_status = move |status| store.status.set(status);
                feed.set_value(Some(live::connect(Some(after), on_event, on_status)));
            }
            Ok(None) => {
                feed.set_value(None);
                store.status.set(LiveStatus::Connecting);
            }
            _ => {}
        }
    });
    on_cleanup(move || {
        let _ = feed.try_set_value(None);
    });
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
