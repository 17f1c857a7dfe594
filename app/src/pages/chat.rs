//! `/`: the join form for visitors, #general for people who joined (or
//! signed in).

use leptos::{either::EitherOf3, prelude::*};

use crate::{
    components::{
        composer::Composer,
        join_form::JoinForm,
        timeline::{PendingMessage, Timeline},
        user_menu::UserMenu,
    },
    domain::insert_in_order,
    events::ChatEvent,
    live::LiveStatus,
    server_fns::{load_chat, ChatSnapshot, JoinAsGuest, SendMessage, SignOut},
    text,
};

#[component]
pub fn ChatPage() -> impl IntoView {
    let join = ServerAction::<JoinAsGuest>::new();
    let sign_out = ServerAction::<SignOut>::new();
    // Joining and signing out both change what `/` shows.
    let chat = Resource::new(
        move || (join.version().get(), sign_out.version().get()),
        |_| load_chat(None),
    );

    view! {
        <Transition>
            {move || Suspend::new(async move {
                match chat.await {
                    Ok(Some(snapshot)) => EitherOf3::A(view! { <ChatRoom snapshot sign_out/> }),
                    Ok(None) => EitherOf3::B(view! { <JoinForm action=join/> }),
                    Err(e) => EitherOf3::C(view! { <p class="form-error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Transition>
    }
}

#[component]
fn ChatRoom(snapshot: ChatSnapshot, sign_out: ServerAction<SignOut>) -> impl IntoView {
    let ChatSnapshot {
        me,
        channel,
        messages,
        last_event_id,
        registered,
        ..
    } = snapshot;
    let channel = channel.info.name;
    let messages = RwSignal::new(messages);
    let status = RwSignal::new(LiveStatus::Connecting);
    let send = ServerAction::<SendMessage>::new();

    // The server confirmed a message: show it (the live feed may have
    // brought it already; the timeline keeps one copy).
    Effect::new(move |_| {
        if let Some(Ok(message)) = send.value().get() {
            messages.update(|all| insert_in_order(all, message));
        }
    });

    crate::live::connect(
        Some(last_event_id),
        move |event| {
            if let ChatEvent::Message(message) = event {
                messages.update(|all| insert_in_order(all, message));
            }
        },
        move |new_status| status.set(new_status),
    );

    let my_name = me.name.to_string();
    let pending = Signal::derive(move || {
        send.input().get().map(|input| PendingMessage {
            author: my_name.clone(),
            body: input.body,
        })
    });
    let status_text = move || match status.get() {
        LiveStatus::Connecting => text::LIVE_CONNECTING,
        LiveStatus::Open => text::LIVE_OPEN,
        LiveStatus::Reconnecting => text::LIVE_RECONNECTING,
    };

    view! {
        <section class="room" data-live=move || status.get().as_attr() aria-labelledby="room-title">
            <header class="room-header">
                <h1 id="room-title">"#" {channel.to_string()}</h1>
                <span class="live-status" data-state=move || status.get().as_attr()>{status_text}</span>
                <UserMenu name=me.name.to_string() registered sign_out/>
            </header>
            <Timeline messages pending/>
            <Composer action=send/>
        </section>
    }
}
