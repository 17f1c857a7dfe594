//! Telling the server how far the person has read the open channel: when
//! it opens and as messages arrive, while the tab is visible.

use leptos::prelude::*;

use super::{
    store::{ChatStore, RoomState},
    unread,
};
use crate::{
    components::message_list::newest_id,
    domain::{ChannelName, MessageId},
    server_fns::mark_read,
};

pub fn keep_up_to_date(store: ChatStore, room: RoomState, channel: ChannelName) {
    let visible = RwSignal::new(false);
    Effect::new(move |_| {
        let is_visible = || !document().hidden();
        visible.set(is_visible());
        let listener =
            window_event_listener_untyped("visibilitychange", move |_| visible.set(is_visible()));
        on_cleanup(move || listener.remove());
    });

    let marked = StoredValue::new(
        store
            .sidebar
            .with_untracked(|sidebar| unread::last_read(sidebar, &channel))
            .unwrap_or(MessageId(0)),
    );
    Effect::new(move |_| {
        let newest = room.messages.with(|all| newest_id(all));
        if !visible.get() || !room.joined() {
            return;
        }
        let Some(newest) = newest.filter(|id| *id > marked.get_value()) else {
            return;
        };
        marked.set_value(newest);
        store.read_up_to(&channel, newest);
        let channel = channel.to_string();
        leptos::task::spawn_local(async move {
            if let Err(e) = mark_read(channel, newest.0).await {
                leptos::logging::error!("cannot mark the channel read: {e}");
            }
        });
    });
}
