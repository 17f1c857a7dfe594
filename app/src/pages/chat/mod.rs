//! `/` and `/c/{channel}`: the join form for visitors; for people who joined
//! (or signed in) the sidebar and the open channel (#general at `/`).
//!
//! The page stays mounted while the person switches channels, and so does
//! its one live feed: events for the open channel go to its timeline, the
//! others to the sidebar's badges.

mod live_feed;
mod outbox;
mod outbox_sender;
mod path;
mod read_marker;
mod recent;
mod room;
mod room_rules;
mod store;
#[cfg(test)]
mod test_data;
mod typing;
mod unread;

use leptos::{either::EitherOf4, prelude::*};
use leptos_router::{components::Outlet, hooks::use_location};

use crate::{
    components::join_form::JoinForm,
    error::ChatError,
    server_fns::{load_chat, JoinAsGuest, JoinChannel, LeaveChannel, SignOut},
    text,
};
use room::ChatRoom;
use store::ChatStore;

#[component]
pub fn ChatPage() -> impl IntoView {
    let join = ServerAction::<JoinAsGuest>::new();
    let sign_out = ServerAction::<SignOut>::new();
    let join_channel = ServerAction::<JoinChannel>::new();
    let leave_channel = ServerAction::<LeaveChannel>::new();
    let location = use_location();
    let channel = Memo::new(move |_| location.pathname.with(|p| path::channel_of(p)));
    // Joining, signing out and joining a channel all change what is shown.
    let chat = Resource::new(
        move || {
            (
                channel.get(),
                join.version().get(),
                sign_out.version().get(),
                join_channel.version().get(),
            )
        },
        |(channel, ..)| load_chat(channel),
    );
    let store = ChatStore::new();
    live_feed::keep_open(chat, store);

    view! {
        <Transition set_pending=store.loading>
            {move || Suspend::new(async move {
                match chat.await {
                    Ok(Some(snapshot)) => EitherOf4::A(view! {
                        <ChatRoom snapshot store sign_out join_channel leave_channel/>
                    }),
                    Ok(None) => EitherOf4::B(view! { <JoinForm action=join/> }),
                    Err(ChatError::ChannelNotFound) => EitherOf4::C(view! { <ChannelNotFound/> }),
                    Err(e) => EitherOf4::D(view! { <p class="form-error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Transition>
        <Outlet/>
    }
}

/// A channel that does not exist, or that the person may not know of: the
/// same page either way, answered with 404.
#[component]
fn ChannelNotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="not-found" aria-labelledby="not-found-heading">
            <h1 id="not-found-heading">{text::CHANNEL_NOT_FOUND_HEADING}</h1>
            <p>{text::CHANNEL_NOT_FOUND_TEXT}</p>
            <a href="/">{text::BACK_TO_CHAT}</a>
        </section>
    }
}
