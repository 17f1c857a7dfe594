//! Opening a direct conversation with one or a few people. The server
//! opens it (an existing one with the same people is reused).

use leptos::prelude::*;

use crate::{
    components::server_form::{FormFields, ServerForm},
    server_fns::OpenDm,
    text,
};

#[component]
pub fn DmForm(action: ServerAction<OpenDm>) -> impl IntoView {
    let error =
        move || {
            if action.pending().get() {
                return None;
            }
            action.value().get().and_then(Result::err).map(
                |e| view! { <p class="form-error" role="alert" id="dm-error">{e.to_string()}</p> },
            )
        };
    let args = |fields: &FormFields| OpenDm {
        members: fields.text("members"),
    };
    view! {
        <ServerForm action=action args attr:class="stacked-form" attr:id="dm-form">
            <label for="dm-members">{text::DM_MEMBERS_LABEL}</label>
            <input
                id="dm-members"
                name="members"
                required
                autocomplete="off"
                aria-describedby="dm-members-hint dm-error"
            />
            <p id="dm-members-hint" class="hint">{text::DM_MEMBERS_HINT}</p>
            <button type="submit" id="open-dm">{text::OPEN_DM_BUTTON}</button>
        </ServerForm>
        {error}
    }
}
