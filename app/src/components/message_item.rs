//! One message of the timeline, with Edit and Delete for its author.

use leptos::{either::EitherOf3, prelude::*};

use crate::{
    components::{
        local_time::LocalTime, message_actions::MessageActions, message_editor::MessageEditor,
    },
    domain::{replace_in_order, Message, Nickname},
    text,
};

#[component]
pub fn MessageItem(
    message: Message,
    me: Nickname,
    /// The timeline, to show an edit or a deletion at once.
    messages: RwSignal<Vec<Message>>,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let mine = message.author.key() == me.key();
    let mentions_me = message.mentions(&me);
    let Message {
        id,
        author,
        body,
        html,
        created_at,
        edited_at,
        deleted,
        ..
    } = message;

    let edited = (edited_at.is_some() && !deleted)
        .then(|| view! { <span class="edited">{text::EDITED}</span> });
    let actions = (mine && !deleted).then(|| view! { <MessageActions id editing messages/> });
    let on_done = Callback::new(move |saved: Option<Message>| {
        if let Some(message) = saved {
            messages.update(|all| replace_in_order(all, message));
        }
        editing.set(false);
    });
    let content = move || {
        if deleted {
            EitherOf3::A(view! { <p class="deleted">{text::MESSAGE_DELETED}</p> })
        } else if editing.get() {
            EitherOf3::B(view! { <MessageEditor id body=body.clone() on_done/> })
        } else {
            // Sanitized on the server; `body` itself is never HTML.
            EitherOf3::C(view! { <div class="body" inner_html=html.clone()></div> })
        }
    };

    view! {
        <li
            class="message"
            class:mentions-me=mentions_me
            class:is-deleted=deleted
            data-id=id.0
        >
            <div class="meta">
                <span class="author">{author.to_string()}</span>
                <LocalTime at=created_at/>
                {edited}
                {actions}
            </div>
            {content}
        </li>
    }
}
