//! Every public channel, with its topic and member count, and a way in.

use leptos::{either::Either, prelude::*};

use crate::{
    components::{
        channel_link::channel_href,
        server_form::{FormFields, ServerForm},
    },
    domain::ChannelListing,
    server_fns::JoinChannel,
    text,
};

#[component]
pub fn ChannelDirectory(
    channels: Vec<ChannelListing>,
    join: ServerAction<JoinChannel>,
) -> impl IntoView {
    let error = move || {
        join.value().get().and_then(Result::err).map(
            |e| view! { <p class="form-error" role="alert" id="join-channel-error">{e.to_string()}</p> },
        )
    };
    let list = if channels.is_empty() {
        Either::Left(view! { <p class="hint">{text::BROWSE_EMPTY}</p> })
    } else {
        Either::Right(view! {
            <ul class="directory" id="channel-directory">
                {channels
                    .into_iter()
                    .map(|listing| view! { <DirectoryItem listing join/> })
                    .collect_view()}
            </ul>
        })
    };
    view! {
        {error}
        {list}
    }
}

#[component]
fn DirectoryItem(listing: ChannelListing, join: ServerAction<JoinChannel>) -> impl IntoView {
    let ChannelListing {
        info,
        members,
        joined,
    } = listing;
    let name = info.name.to_string();
    let href = channel_href(&info.name);
    let topic = info
        .topic
        .map(|topic| view! { <span class="topic">{topic.to_string()}</span> });
    let action = if joined {
        Either::Left(view! {
            <span class="joined-mark">{text::JOINED_MARK}</span>
            <a class="button-link" href=href.clone()>{text::OPEN_CHANNEL_LINK}</a>
        })
    } else {
        let label = text::join_channel_label(&name);
        let channel = name.clone();
        let args = {
            let channel = channel.clone();
            move |_: &FormFields| JoinChannel {
                channel: channel.clone(),
            }
        };
        Either::Right(view! {
            <ServerForm action=join args>
                <input type="hidden" name="channel" value=channel/>
                <button type="submit" class="small" aria-label=label>{text::JOIN_CHANNEL_BUTTON}</button>
            </ServerForm>
        })
    };
    view! {
        <li class="directory-item" data-channel=name.clone() data-joined=joined.to_string()>
            <div class="directory-info">
                <a class="directory-name" href=href>"#" {name.clone()}</a>
                {topic}
                <span class="member-count">{text::member_count(members)}</span>
            </div>
            <div class="directory-action">{action}</div>
        </li>
    }
}
