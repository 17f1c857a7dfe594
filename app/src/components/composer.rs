//! The message box. It is a `ServerForm`, so it works without JavaScript
//! (the browser posts the form and the page reloads with the message).
//! With JavaScript the page sends it itself (`on_send`): the box clears at
//! once and keeps focus, the text comes back if the server refuses it, and
//! what cannot be sent now waits for the connection. Typing tells the
//! others (`on_typing`).

use leptos::{
    prelude::*,
    web_sys::{KeyboardEvent, MouseEvent},
};

use crate::{
    components::server_form::{FormFields, ServerForm},
    server_fns::SendMessage,
    text,
};

/// A message the server refused, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub error: String,
    pub body: String,
}

#[component]
pub fn Composer(
    action: ServerAction<SendMessage>,
    /// The channel the messages go to.
    channel: String,
    /// What the empty box says, e.g. "Message #dev (Enter to send, ...)".
    placeholder: String,
    /// Sends a message typed here.
    on_send: Callback<String>,
    /// Something was typed.
    on_typing: Callback<()>,
    /// The last refusal, until the next message is sent.
    #[prop(into)]
    refusal: Signal<Option<Refusal>>,
) -> impl IntoView {
    let textarea = NodeRef::<leptos::html::Textarea>::new();

    // Refused: the typed text comes back (unless a new one was started).
    Effect::new(move |_| {
        if let Some(refusal) = refusal.get() {
            if let Some(el) = textarea.get_untracked() {
                if el.value().is_empty() {
                    el.set_value(&refusal.body);
                }
                let _ = el.focus();
            }
        }
    });

    let send = move || {
        let Some(el) = textarea.get_untracked() else {
            return;
        };
        on_send.run(el.value());
        el.set_value("");
        let _ = el.focus();
    };

    // Enter sends, Shift+Enter starts a new line.
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            send();
        }
    };
    let on_click = move |ev: MouseEvent| {
        ev.prevent_default();
        send();
    };
    let on_input = move |_| {
        if textarea
            .get_untracked()
            .is_some_and(|el| !el.value().trim().is_empty())
        {
            on_typing.run(());
        }
    };

    // Without JavaScript the refusal comes back through the action.
    let error = move || {
        let refused = refusal.get().map(|r| r.error);
        let posted = move || {
            if action.pending().get() {
                return None;
            }
            action
                .value()
                .get()
                .and_then(Result::err)
                .map(|e| e.to_string())
        };
        refused
            .or_else(posted)
            .map(|e| view! { <p class="form-error" role="alert" id="composer-error">{e}</p> })
    };

    let args = {
        let channel = channel.clone();
        move |fields: &FormFields| SendMessage {
            channel: channel.clone(),
            body: fields.text("body"),
        }
    };

    view! {
        <div class="composer">
            {error}
            <ServerForm action=action args>
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
                    on:input=on_input
                ></textarea>
                <button type="submit" on:click=on_click>{text::SEND_BUTTON}</button>
            </ServerForm>
        </div>
    }
}
