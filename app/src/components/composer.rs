//! The message box. It is an `ActionForm`, so it works without JavaScript
//! (the browser posts the form and the page reloads with the message); with
//! JavaScript it clears at once, keeps focus, and puts the text back if the
//! server refuses it.

use leptos::{prelude::*, web_sys::KeyboardEvent};

use crate::{server_fns::SendMessage, text};

#[component]
pub fn Composer(
    action: ServerAction<SendMessage>,
    /// The channel the messages go to.
    channel: String,
    /// What the empty box says, e.g. "Message #dev (Enter to send, ...)".
    placeholder: String,
) -> impl IntoView {
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let last_sent = StoredValue::new(String::new());

    // Sent: clear the box and keep typing.
    Effect::new(move |_| {
        if let Some(input) = action.input().get() {
            if let Some(el) = textarea.get_untracked() {
                last_sent.set_value(input.body);
                el.set_value("");
                let _ = el.focus();
            }
        }
    });

    // Refused: the typed text comes back (unless a new one was started).
    Effect::new(move |_| {
        if let Some(Err(_)) = action.value().get() {
            if let Some(el) = textarea.get_untracked() {
                if el.value().is_empty() {
                    el.set_value(&last_sent.get_value());
                }
                let _ = el.focus();
            }
        }
    });

    // Enter sends, Shift+Enter starts a new line.
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            if let Some(form) = textarea.get_untracked().and_then(|el| el.form()) {
                let _ = form.request_submit();
            }
        }
    };

    let error = move || {
        if action.pending().get() {
            return None;
        }
        action.value().get().and_then(Result::err).map(|e| {
            view! { <p class="form-error" role="alert" id="composer-error">{e.to_string()}</p> }
        })
    };

    view! {
        <div class="composer">
            {error}
            <ActionForm action=action>
                <input type="hidden" name="channel" value=channel/>
                <label for="composer-body" class="visually-hidden">{text::COMPOSER_LABEL}</label>
                <textarea
                    id="composer-body"
                    name="body"
                    rows="2"
                    placeholder=placeholder
                    aria-describedby="composer-error"
                    autofocus
                    node_ref=textarea
                    on:keydown=on_keydown
                ></textarea>
                <button type="submit">{text::SEND_BUTTON}</button>
            </ActionForm>
        </div>
    }
}
