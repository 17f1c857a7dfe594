//! What a person previewing a public channel sees instead of the composer:
//! a way in.

use leptos::prelude::*;

use crate::{
    components::server_form::{FormFields, ServerForm},
    server_fns::JoinChannel,
    text,
};

#[component]
pub fn JoinBar(action: ServerAction<JoinChannel>, channel: String) -> impl IntoView {
    let label = text::join_channel_label(&channel);
    let error = move || {
        action.value().get().and_then(Result::err).map(
            |e| view! { <p class="form-error" role="alert" id="join-channel-error">{e.to_string()}</p> },
        )
    };
    let args = {
        let channel = channel.clone();
        move |_: &FormFields| JoinChannel {
            channel: channel.clone(),
        }
    };
    view! {
        <div class="composer join-bar">
            <p class="hint">{text::PREVIEWING}</p>
            {error}
            <ServerForm action=action args>
                <input type="hidden" name="channel" value=channel/>
                <button type="submit" id="join-channel" aria-label=label>
                    {text::JOIN_CHANNEL_BUTTON}
                </button>
            </ServerForm>
        </div>
    }
}
