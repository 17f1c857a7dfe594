//! One open channel beside the sidebar.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{read_marker, store::ChatStore};
use crate::{
    components::{
        composer::Composer,
        join_bar::JoinBar,
        room_header::RoomHeader,
        sidebar::Sidebar,
        timeline::{PendingMessage, Timeline},
    },
    domain::insert_in_order,
    server_fns::{ChatSnapshot, JoinChannel, LeaveChannel, SendMessage, SignOut},
    text,
};

#[component]
pub fn ChatRoom(
    snapshot: ChatSnapshot,
    store: ChatStore,
    sign_out: ServerAction<SignOut>,
    join_channel: ServerAction<JoinChannel>,
    leave_channel: ServerAction<LeaveChannel>,
) -> impl IntoView {
    let room = store.open(&snapshot);
    let ChatSnapshot {
        me,
        registered,
        channel,
        ..
    } = snapshot;
    let me = me.name;
    let info = channel.info;
    let name = info.name.clone();
    let title = info.title_for(&me);
    let send = ServerAction::<SendMessage>::new();

    // The server confirmed a message: show it (the live feed may have
    // brought it already; the timeline keeps one copy).
    Effect::new(move |_| {
        if let Some(Ok(message)) = send.value().get() {
            room.messages.update(|all| insert_in_order(all, message));
        }
    });
    read_marker::keep_up_to_date(store, room, name.clone());

    let my_name = me.to_string();
    let pending = Signal::derive(move || {
        send.input().get().map(|input| PendingMessage {
            author: my_name.clone(),
            body: input.body,
        })
    });
    let views = store.views;
    let members = Signal::derive(move || room.listing.with(|l| l.members));
    let joined = Signal::derive(move || room.joined());
    let placeholder = text::composer_placeholder(&title);
    let channel_name = name.to_string();
    let join_name = name.to_string();

    view! {
        <Title text=text::page_title(&title)/>
        <div class="chat" aria-busy=move || views.loading.get().to_string()>
            <Sidebar channels=views.sidebar current=views.current me=me.clone()/>
            <section class="room" data-live=move || views.status.get().as_attr() aria-labelledby="room-title">
                <RoomHeader
                    info
                    me=me.clone()
                    registered
                    members
                    members_changed=room.members_changed
                    joined
                    status=views.status
                    leave=leave_channel
                    sign_out
                />
                <Timeline
                    channel=name
                    title
                    me
                    messages=room.messages
                    has_older=room.has_older
                    pending
                />
                <Show
                    when=move || joined.get()
                    fallback=move || view! { <JoinBar action=join_channel channel=join_name.clone()/> }
                >
                    <Composer action=send channel=channel_name.clone() placeholder=placeholder.clone()/>
                </Show>
            </section>
        </div>
    }
}
