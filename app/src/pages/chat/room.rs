//! One open channel beside the sidebar.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{outbox::QueuedState, outbox_sender, read_marker, store::ChatStore, typing};
use crate::{
    components::{
        composer::Composer,
        join_bar::JoinBar,
        notification_toasts::notification_toasts,
        room_header::RoomHeader,
        sidebar::Sidebar,
        timeline::{PendingMessage, Timeline},
        typing_indicator::TypingIndicator,
    },
    server_fns::{send_typing, ChatSnapshot, JoinChannel, LeaveChannel, SendMessage, SignOut},
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
    // Only the form without JavaScript posts through it; with JavaScript
    // the outbox sends.
    let send = ServerAction::<SendMessage>::new();

    read_marker::keep_up_to_date(store, room, name.clone());

    typing::expire_every_second(room.typing);

    let my_name = me.to_string();
    let outbox_channel = name.clone();
    let pending = Signal::derive(move || {
        let connected = store.views.status.get().is_open();
        store.outbox.with(|outbox| {
            outbox
                .for_channel(&outbox_channel)
                .into_iter()
                .map(|q| PendingMessage {
                    key: q.key,
                    author: my_name.clone(),
                    body: q.body,
                    sending: q.state == QueuedState::Sending || (connected && !q.tried),
                })
                .collect::<Vec<_>>()
        })
    });
    let on_cancel = Callback::new(move |key| {
        store.outbox.update(|o| {
            o.cancel(key);
        });
    });
    let last_typing = StoredValue::new(None::<u64>);
    let send_channel = name.clone();
    let on_send = Callback::new(move |body: String| {
        last_typing.set_value(None);
        outbox_sender::send(store, send_channel.clone(), body);
    });
    let typing_channel = name.to_string();
    let on_typing = Callback::new(move |()| {
        let now = typing::now_ms();
        if !typing::may_signal(last_typing.get_value(), now) {
            return;
        }
        last_typing.set_value(Some(now));
        let channel = typing_channel.clone();
        leptos::task::spawn_local(async move {
            if let Err(e) = send_typing(channel).await {
                leptos::logging::warn!("cannot say I am typing: {e}");
            }
        });
    });
    let typists = Signal::derive(move || room.typing.with(|t| t.names()));
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
                    online=room.online
                    leave=leave_channel
                    sign_out
                />
                <Timeline
                    channel=name
                    title
                    me
                    messages=room.messages
                    has_older=room.has_older
                    notices=room.notices
                    pending
                    on_cancel
                />
                <TypingIndicator names=typists/>
                <Show
                    when=move || joined.get()
                    fallback=move || view! { <JoinBar action=join_channel channel=join_name.clone()/> }
                >
                    <Composer
                        action=send
                        channel=channel_name.clone()
                        placeholder=placeholder.clone()
                        on_send
                        on_typing
                        refusal=store.refusal
                    />
                </Show>
            </section>
            {notification_toasts(store.toasts)}
        </div>
    }
}
