//! Edit and Delete on one's own message. Deleting asks first, inline.
//! They need JavaScript, so they appear once the page has hydrated.

use leptos::{either::Either, prelude::*};

use crate::{
    components::message_list::mark_deleted,
    domain::{Message, MessageId},
    server_fns::delete_message,
    text, Hydrated,
};

#[component]
pub fn MessageActions(
    id: MessageId,
    editing: RwSignal<bool>,
    messages: RwSignal<Vec<Message>>,
) -> impl IntoView {
    let Hydrated(hydrated) = expect_context::<Hydrated>();
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let delete = move |_| {
        confirming.set(false);
        leptos::task::spawn_local(async move {
            match delete_message(id.0).await {
                Ok(()) => messages.update(|all| mark_deleted(all, id)),
                Err(e) => {
                    let _ = error.try_set(Some(e.to_string()));
                }
            }
        });
    };

    let buttons = move || {
        if !hydrated.get() || editing.get() {
            return None;
        }
        Some(if confirming.get() {
            Either::Left(view! {
                <span class="confirm" role="group" aria-label=text::DELETE_CONFIRM>
                    <span>{text::DELETE_CONFIRM}</span>
                    <button type="button" class="danger small confirm-delete" on:click=delete>
                        {text::DELETE_BUTTON}
                    </button>
                    <button type="button" class="quiet small" on:click=move |_| confirming.set(false)>
                        {text::CANCEL_BUTTON}
                    </button>
                </span>
            })
        } else {
            Either::Right(view! {
                <button type="button" class="quiet small edit" on:click=move |_| editing.set(true)>
                    {text::EDIT_BUTTON}
                </button>
                <button type="button" class="quiet small delete" on:click=move |_| confirming.set(true)>
                    {text::DELETE_BUTTON}
                </button>
            })
        })
    };

    view! {
        <span class="actions" role="group" aria-label=text::MESSAGE_ACTIONS_LABEL>
            {buttons}
            {move || error.get().map(|e| view! { <span class="form-error" role="alert">{e}</span> })}
        </span>
    }
}
