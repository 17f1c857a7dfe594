//! Creating a channel, public or private. The server opens it on success.

use leptos::prelude::*;

use crate::{
    components::server_form::{FormFields, ServerForm},
    server_fns::CreateChannel,
    text,
};

#[component]
pub fn CreateChannelForm(action: ServerAction<CreateChannel>) -> impl IntoView {
    let error = move || {
        if action.pending().get() {
            return None;
        }
        action.value().get().and_then(Result::err).map(
            |e| view! { <p class="form-error" role="alert" id="create-channel-error">{e.to_string()}</p> },
        )
    };
    let args = |fields: &FormFields| CreateChannel {
        name: fields.text("name"),
        topic: fields.optional("topic"),
        private: fields.optional("private"),
    };
    view! {
        <ServerForm action=action args attr:class="stacked-form" attr:id="create-channel-form">
            <label for="channel-name">{text::CHANNEL_NAME_LABEL}</label>
            <input
                id="channel-name"
                name="name"
                maxlength="40"
                required
                autocomplete="off"
                aria-describedby="channel-name-hint create-channel-error"
            />
            <p id="channel-name-hint" class="hint">{text::CHANNEL_NAME_HINT}</p>
            <label for="channel-topic">{text::CHANNEL_TOPIC_LABEL}</label>
            <input id="channel-topic" name="topic" maxlength="250" autocomplete="off"/>
            <label class="checkbox">
                <input type="checkbox" id="channel-private" name="private" value="on"/>
                {text::CHANNEL_PRIVATE_LABEL}
            </label>
            <button type="submit" id="create-channel">{text::CREATE_CHANNEL_BUTTON}</button>
        </ServerForm>
        {error}
    }
}
