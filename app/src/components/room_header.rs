//! The top of a room: its title and topic, who is online, its members,
//! leaving it, the connection indicator and the account menu.

use leptos::prelude::*;

use crate::{
    components::{
        connection_status::ConnectionStatus,
        members::MembersPanel,
        online_list::OnlineList,
        server_form::{FormFields, ServerForm},
        user_menu::UserMenu,
    },
    domain::{ChannelInfo, ChannelKind, ChannelName, Nickname},
    live::LiveStatus,
    server_fns::{LeaveChannel, SignOut},
    text,
};

#[component]
pub fn RoomHeader(
    info: ChannelInfo,
    me: Nickname,
    registered: bool,
    #[prop(into)] members: Signal<u32>,
    #[prop(into)] members_changed: Signal<u32>,
    #[prop(into)] joined: Signal<bool>,
    #[prop(into)] status: Signal<LiveStatus>,
    /// The other members online now.
    #[prop(into)]
    online: Signal<Vec<Nickname>>,
    leave: ServerAction<LeaveChannel>,
    sign_out: ServerAction<SignOut>,
) -> impl IntoView {
    let title = info.title_for(&me);
    let topic = info
        .topic
        .as_ref()
        .map(|topic| view! { <p class="topic" id="room-topic">{topic.to_string()}</p> });
    let is_general = info.name.as_str() == ChannelName::GENERAL;
    let is_direct = info.kind == ChannelKind::Direct;
    let can_remove = info.kind == ChannelKind::Private
        && info
            .created_by
            .as_ref()
            .is_some_and(|creator| creator.key() == me.key());
    let invitable = !is_general && !is_direct;
    let leavable = move || joined.get() && !is_general && !is_direct;
    let name = info.name.to_string();
    let leave_form =
        move || leavable().then(|| view! { <LeaveForm action=leave channel=name.clone()/> });

    view! {
        <header class="room-header">
            <div class="room-title">
                <h1 id="room-title">{title}</h1>
                {topic}
            </div>
            <OnlineList me=me.clone() others=online/>
            <MembersPanel
                channel=info.name.clone()
                count=members
                changed=members_changed
                joined
                invitable
                can_remove
                online
                me=me.clone()
            />
            {leave_form}
            <ConnectionStatus status/>
            <UserMenu name=me.to_string() registered sign_out/>
        </header>
    }
}

#[component]
fn LeaveForm(action: ServerAction<LeaveChannel>, channel: String) -> impl IntoView {
    let label = text::leave_channel_label(&channel);
    let error = move || {
        action.value().get().and_then(Result::err).map(
            |e| view! { <p class="form-error" role="alert" id="leave-error">{e.to_string()}</p> },
        )
    };
    let args = {
        let channel = channel.clone();
        move |_: &FormFields| LeaveChannel {
            channel: channel.clone(),
        }
    };
    view! {
        <ServerForm action=action args attr:class="leave-form">
            <input type="hidden" name="channel" value=channel/>
            <button type="submit" id="leave-channel" class="quiet" aria-label=label>
                {text::LEAVE_CHANNEL_BUTTON}
            </button>
        </ServerForm>
        {error}
    }
}
