//! The list of messages: history (older pages load as the reader scrolls
//! up), live arrivals, join and leave notices, and what I sent that the
//! server has not stored yet.

use leptos::{either::EitherOf3, html::Ol, prelude::*};

use crate::{
    components::{
        message_item::MessageItem,
        notice::{self, Notice, Row},
    },
    domain::{insert_in_order, ChannelName, Message, Nickname},
    server_fns::{load_older, PAGE_SIZE},
    text,
};

/// A message typed here that the server has not confirmed yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingMessage {
    /// Unique within the page.
    pub key: u64,
    pub author: String,
    pub body: String,
    /// On its way now; otherwise it waits for the connection ("not sent")
    /// and may be cancelled.
    pub sending: bool,
}

/// Closer than this to the top, the next older page loads.
const LOAD_OLDER_WITHIN_PX: i32 = 300;
/// Closer than this to the bottom, the reader is following along.
const AT_BOTTOM_WITHIN_PX: i32 = 80;

#[component]
pub fn Timeline(
    channel: ChannelName,
    /// How the channel is called (`#dev`, or the other people of a DM).
    title: String,
    me: Nickname,
    messages: RwSignal<Vec<Message>>,
    has_older: RwSignal<bool>,
    notices: RwSignal<Vec<Notice>>,
    /// Depends on the page's outbox, which outlives this room: read with
    /// `try_` while the room is being taken down.
    #[prop(into)]
    pending: Signal<Vec<PendingMessage>>,
    /// Cancels the unsent message with this key.
    on_cancel: Callback<u64>,
) -> impl IntoView {
    let list = NodeRef::<Ol>::new();
    let loading = RwSignal::new(false);
    let load_error = RwSignal::new(None::<String>);
    let at_bottom = RwSignal::new(true);
    // New messages arrived below while the reader was scrolled up.
    let unseen = RwSignal::new(false);

    follow_new_messages(list, messages, pending, at_bottom, unseen);

    let load_more = move || {
        if loading.get_untracked() || !has_older.get_untracked() {
            return;
        }
        let Some(oldest) = messages.with_untracked(|all| all.first().map(|m| m.id.0)) else {
            return;
        };
        loading.set(true);
        load_error.set(None);
        let channel = channel.to_string();
        leptos::task::spawn_local(async move {
            let result = load_older(channel, oldest).await;
            // The room was closed meanwhile (another channel is open).
            if loading.try_get_untracked().is_none() {
                return;
            }
            let before = list.get_untracked().map(|el| el.scroll_height());
            match result {
                Ok(older) => {
                    has_older.set(older.len() >= PAGE_SIZE as usize);
                    messages.update(|all| {
                        for message in older {
                            insert_in_order(all, message);
                        }
                    });
                }
                Err(e) => load_error.set(Some(e.to_string())),
            }
            loading.set(false);
            // Keep what the reader was looking at in place once the older
            // messages are on the page above it.
            request_animation_frame(move || {
                if let (Some(el), Some(before)) = (list.get_untracked(), before) {
                    el.set_scroll_top(el.scroll_top() + el.scroll_height() - before);
                }
            });
        });
    };

    let on_scroll = move |_| {
        let Some(el) = list.get_untracked() else {
            return;
        };
        let bottom = el.scroll_height() - el.scroll_top() - el.client_height();
        at_bottom.set(bottom < AT_BOTTOM_WITHIN_PX);
        if bottom < AT_BOTTOM_WITHIN_PX {
            unseen.set(false);
        }
        if el.scroll_top() < LOAD_OLDER_WITHIN_PX {
            load_more();
        }
    };

    let jump = move |_| {
        if let Some(el) = list.get_untracked() {
            el.set_scroll_top(el.scroll_height());
        }
        unseen.set(false);
    };

    let history_start = text::history_start(&title);
    let edge = move || {
        if loading.get() {
            EitherOf3::A(text::HISTORY_LOADING)
        } else if has_older.get() {
            EitherOf3::B("")
        } else {
            EitherOf3::C(history_start.clone())
        }
    };

    let rows = Memo::new(move |_| notices.with(|n| messages.with(|m| notice::rows(m, n))));

    view! {
        <div class="timeline-frame">
            <ol
                class="timeline"
                role="log"
                aria-live="polite"
                aria-label=text::TIMELINE_LABEL
                node_ref=list
                on:scroll=on_scroll
            >
                <li class="history-edge" aria-busy=move || loading.get().to_string()>{edge}</li>
                {move || load_error.get().map(|e| view! { <li class="form-error" role="alert">{e}</li> })}
                <Show when=move || rows.with(Vec::is_empty) && pending.try_with(Vec::is_empty).unwrap_or(true)>
                    <li class="empty">{text::TIMELINE_EMPTY}</li>
                </Show>
                <For each=move || rows.get() key=Row::key let:row>
                    {match row {
                        Row::Message(message) => {
                            view! { <MessageItem message me=me.clone() messages/> }.into_any()
                        }
                        Row::Notice(notice) => {
                            view! { <li class="notice">{notice.text}</li> }.into_any()
                        }
                    }}
                </For>
                <For each=move || pending.try_get().unwrap_or_default() key=|p| (p.key, p.sending) let:message>
                    <PendingItem message on_cancel/>
                </For>
            </ol>
            <Show when=move || unseen.get()>
                <button type="button" class="jump-to-latest" on:click=jump>
                    {text::JUMP_TO_LATEST}
                </button>
            </Show>
        </div>
    }
}

#[component]
fn PendingItem(message: PendingMessage, on_cancel: Callback<u64>) -> impl IntoView {
    let PendingMessage {
        key,
        author,
        body,
        sending,
    } = message;
    if sending {
        return view! {
            <li class="message pending" aria-busy="true">
                <div class="meta">
                    <span class="author">{author}</span>
                    <span class="status">{text::PENDING}</span>
                </div>
                <div class="body">
                    <p>{body}</p>
                </div>
            </li>
        }
        .into_any();
    }
    view! {
        <li class="message queued" data-queued="">
            <div class="meta">
                <span class="author">{author}</span>
                <span class="status not-sent">{text::NOT_SENT}</span>
                <button
                    type="button"
                    class="quiet small cancel-queued"
                    aria-label=text::CANCEL_QUEUED_LABEL
                    on:click=move |_| on_cancel.run(key)
                >
                    {text::CANCEL_BUTTON}
                </button>
            </div>
            <div class="body">
                <p>{body}</p>
            </div>
            <p class="hint">{text::QUEUED_HINT}</p>
        </li>
    }
    .into_any()
}

/// Scrolls to the newest message when the room opens and whenever one
/// arrives while the reader is at the bottom; otherwise notes that there is
/// something new below.
fn follow_new_messages(
    list: NodeRef<Ol>,
    messages: RwSignal<Vec<Message>>,
    pending: Signal<Vec<PendingMessage>>,
    at_bottom: RwSignal<bool>,
    unseen: RwSignal<bool>,
) {
    Effect::new(move |newest_before: Option<Option<i64>>| {
        let newest = messages.with(|all| all.last().map(|m| m.id.0));
        let sending = pending.try_with(|p| !p.is_empty()).unwrap_or(false);
        let grew = newest_before.is_some_and(|before| newest > before);
        if newest_before.is_none() || sending || at_bottom.get_untracked() {
            request_animation_frame(move || {
                if let Some(el) = list.get_untracked() {
                    el.set_scroll_top(el.scroll_height());
                }
            });
        } else if grew {
            unseen.set(true);
        }
        newest
    });
}
