//! Editing a message in place: Enter saves, Shift+Enter starts a new line,
//! Escape cancels.

use leptos::{html::Textarea, prelude::*, web_sys::KeyboardEvent};

use crate::{
    domain::{Message, MessageId},
    server_fns::edit_message,
    text,
};

#[component]
pub fn MessageEditor(
    id: MessageId,
    /// The text as its author typed it.
    body: String,
    /// Called with the saved message, or `None` when cancelled.
    on_done: Callback<Option<Message>>,
) -> impl IntoView {
    let textarea = NodeRef::<Textarea>::new();
    let saving = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let field_id = format!("edit-{id}");
    let error_id = format!("edit-error-{id}");
    let described_by = error_id.clone();

    Effect::new(move |_| {
        if let Some(el) = textarea.get() {
            let _ = el.focus();
            let end = el.value().len() as u32;
            let _ = el.set_selection_range(end, end);
        }
    });

    let save = move || {
        let Some(el) = textarea.get_untracked() else {
            return;
        };
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        let body = el.value();
        leptos::task::spawn_local(async move {
            let result = edit_message(id.0, body).await;
            if saving.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(message) => on_done.run(Some(message)),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let cancel = move || on_done.run(None);

    let on_keydown = move |ev: KeyboardEvent| {
        if ev.is_composing() {
            return;
        }
        match ev.key().as_str() {
            "Enter" if !ev.shift_key() => {
                ev.prevent_default();
                save();
            }
            "Escape" => {
                ev.prevent_default();
                cancel();
            }
            _ => {}
        }
    };

    view! {
        <div class="editor">
            <label for=field_id.clone() class="visually-hidden">{text::EDIT_LABEL}</label>
            <textarea
                id=field_id
                class="edit-body"
                rows="2"
                aria-describedby=described_by
                node_ref=textarea
                on:keydown=on_keydown
                prop:value=body
            ></textarea>
            <div class="editor-buttons">
                <span class="hint">{text::EDIT_HINT}</span>
                <button type="button" class="quiet small" on:click=move |_| cancel()>{text::CANCEL_BUTTON}</button>
                <button type="button" class="small save" on:click=move |_| save() disabled=move || saving.get()>
                    {text::SAVE_BUTTON}
                </button>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" id=error_id.clone()>{e}</p> })}
        </div>
    }
}
