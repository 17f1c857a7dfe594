//! The list of messages: history, live arrivals and the one being sent.

use leptos::prelude::*;

use crate::{components::local_time::LocalTime, domain::Message, text};

/// A message typed here that the server has not confirmed yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingMessage {
    pub author: String,
    pub body: String,
}

#[component]
pub fn Timeline(
    messages: RwSignal<Vec<Message>>,
    #[prop(into)] pending: Signal<Option<PendingMessage>>,
) -> impl IntoView {
    let list = NodeRef::<leptos::html::Ol>::new();

    // Follow new messages, unless the reader has scrolled up to read.
    Effect::new(move |_| {
        messages.track();
        pending.track();
        if let Some(list) = list.get_untracked() {
            let distance = list.scroll_height() - list.scroll_top() - list.client_height();
            if distance < 200 {
                list.set_scroll_top(list.scroll_height());
            }
        }
    });

    let pending_item = move || {
        pending.get().map(|p| {
            view! {
                <li class="message pending" aria-busy="true">
                    <div class="meta">
                        <span class="author">{p.author}</span>
                        <span class="status">{text::PENDING}</span>
                    </div>
                    <p class="body">{p.body}</p>
                </li>
            }
        })
    };

    view! {
        <ol class="timeline" role="log" aria-live="polite" aria-label=text::TIMELINE_LABEL node_ref=list>
            <Show when=move || messages.with(Vec::is_empty) && pending.with(Option::is_none)>
                <li class="empty">{text::TIMELINE_EMPTY}</li>
            </Show>
            <For each=move || messages.get() key=|m| m.id let:message>
                <MessageItem message/>
            </For>
            {pending_item}
        </ol>
    }
}

#[component]
fn MessageItem(message: Message) -> impl IntoView {
    let at = message.created_at;
    view! {
        <li class="message" data-id=message.id.0>
            <div class="meta">
                <span class="author">{message.author.to_string()}</span>
                <LocalTime at/>
            </div>
            // Text, never HTML: Leptos escapes it.
            <p class="body">{message.body}</p>
        </li>
    }
}
