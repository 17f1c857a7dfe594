//! The list of the person's channels and direct messages, each with its
//! unread and mention badges.

use leptos::prelude::*;

use crate::{
    components::channel_link::channel_href,
    domain::{ChannelKind, ChannelName, ChannelSummary, Nickname},
    text,
};

#[component]
pub fn Sidebar(
    #[prop(into)] channels: Signal<Vec<ChannelSummary>>,
    #[prop(into)] current: Signal<Option<ChannelName>>,
    me: Nickname,
) -> impl IntoView {
    let of_kind = move |direct: bool| {
        move || {
            channels.with(|all| {
                all.iter()
                    .filter(|s| (s.info.kind == ChannelKind::Direct) == direct)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        }
    };
    let no_dms = move || {
        channels
            .with(|all| all.iter().all(|s| s.info.kind != ChannelKind::Direct))
            .then(|| view! { <li class="sidebar-empty">{text::NO_DIRECT_MESSAGES}</li> })
    };
    let me_for_dms = me.clone();

    view! {
        <nav class="sidebar" aria-label=text::SIDEBAR_LABEL>
            <h2 id="sidebar-channels">{text::CHANNELS_HEADING}</h2>
            <ul class="sidebar-list" aria-labelledby="sidebar-channels">
                <For each=of_kind(false) key=|s| (s.info.name.clone(), s.unread, s.mentions) let:summary>
                    <SidebarItem summary current me=me.clone()/>
                </For>
            </ul>
            <a class="sidebar-link" id="browse-channels" href="/channels">{text::BROWSE_CHANNELS_LINK}</a>
            <h2 id="sidebar-dms">{text::DIRECT_MESSAGES_HEADING}</h2>
            <ul class="sidebar-list" aria-labelledby="sidebar-dms">
                <For each=of_kind(true) key=|s| (s.info.name.clone(), s.unread, s.mentions) let:summary>
                    <SidebarItem summary current me=me_for_dms.clone()/>
                </For>
                {no_dms}
            </ul>
            <a class="sidebar-link" href="/channels#new-dm">{text::NEW_DM_LINK}</a>
        </nav>
    }
}

#[component]
fn SidebarItem(
    summary: ChannelSummary,
    current: Signal<Option<ChannelName>>,
    me: Nickname,
) -> impl IntoView {
    let ChannelSummary {
        info,
        unread,
        mentions,
        ..
    } = summary;
    let title = info.title_for(&me);
    let private = (info.kind == ChannelKind::Private)
        .then(|| view! { " " <span class="kind-mark">{text::PRIVATE_MARK}</span> });
    let href = channel_href(&info.name);
    let name = info.name.clone();
    let is_current = move || current.with(|c| c.as_ref() == Some(&name));
    let unread_badge = (unread > 0).then(|| {
        view! {
            <span class="badge unread" aria-label=text::unread_label(unread)>{unread}</span>
        }
    });
    let mention_badge = (mentions > 0).then(|| {
        view! {
            <span class="badge mention" aria-label=text::mentions_label(mentions)>
                {text::mentions_badge(mentions)}
            </span>
        }
    });

    view! {
        <li
            class="sidebar-item"
            class:private=(info.kind == ChannelKind::Private)
            class:unread=(unread > 0)
            data-channel=info.name.to_string()
            data-unread=unread
            data-mentions=mentions
        >
            <a href=href aria-current=move || is_current().then_some("page")>
                <span class="sidebar-title">{title} {private}</span>
                {mention_badge}
                {unread_badge}
            </a>
        </li>
    }
}
