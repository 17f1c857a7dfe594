//! The people in a channel, behind its member count: a disclosure that
//! works without JavaScript. Members may invite others; the creator of a
//! private channel may remove people.

use leptos::{html::Input, prelude::*};

use crate::{
    components::server_form::{FormFields, ServerForm},
    domain::{ChannelName, Nickname},
    server_fns::{load_members, InviteMember, RemoveMember},
    text,
};

#[component]
pub fn MembersPanel(
    channel: ChannelName,
    #[prop(into)] count: Signal<u32>,
    /// Changes when someone joins or leaves: the list is read again.
    #[prop(into)]
    changed: Signal<u32>,
    /// Whether the person is in the channel; members may invite...
    #[prop(into)]
    joined: Signal<bool>,
    /// ...unless it is #general or a direct conversation.
    invitable: bool,
    can_remove: bool,
    /// The other members online now (marked in the list).
    #[prop(into)]
    online: Signal<Vec<Nickname>>,
    me: Nickname,
) -> impl IntoView {
    let invite = ServerAction::<InviteMember>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let name = channel.to_string();
    let members = Resource::new(
        move || {
            (
                changed.get(),
                invite.version().get(),
                remove.version().get(),
            )
        },
        move |_| load_members(name.clone()),
    );
    let channel = channel.to_string();
    let list_channel = channel.clone();

    let list = move || {
        let channel = list_channel.clone();
        let me = me.clone();
        Suspend::new(async move {
            let members = match members.await {
                Ok(members) => members,
                Err(e) => {
                    return view! { <p class="form-error" role="alert">{e.to_string()}</p> }
                        .into_any()
                }
            };
            view! {
                <ul class="member-list">
                    {members
                        .into_iter()
                        .map(|member| {
                            let removable = can_remove && member.key() != me.key();
                            let key = member.key();
                            let is_me = key == me.key();
                            let is_online = Signal::derive(move || {
                                is_me || online.with(|o| o.iter().any(|n| n.key() == key))
                            });
                            view! { <MemberItem member channel=channel.clone() removable is_online remove/> }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        })
    };

    let remove_error = move || {
        remove.value().get().and_then(Result::err).map(|e| {
            view! { <p class="form-error" role="alert" id="remove-error">{e.to_string()}</p> }
        })
    };

    view! {
        <details class="members">
            <summary id="member-count">{move || text::member_count(count.get())}</summary>
            <div class="members-panel">
                <h2 class="visually-hidden">{text::MEMBERS_HEADING}</h2>
                <Transition>{list}</Transition>
                {remove_error}
                <Show when=move || invitable && joined.get()>
                    <InviteForm action=invite channel=channel.clone()/>
                </Show>
            </div>
        </details>
    }
}

#[component]
fn MemberItem(
    member: Nickname,
    channel: String,
    removable: bool,
    is_online: Signal<bool>,
    remove: ServerAction<RemoveMember>,
) -> impl IntoView {
    let name = member.to_string();
    let button = removable.then(|| {
        let label = text::remove_member_label(&name);
        let args = {
            let channel = channel.clone();
            let name = name.clone();
            move |_: &FormFields| RemoveMember {
                channel: channel.clone(),
                name: name.clone(),
            }
        };
        view! {
            <ServerForm action=remove args>
                <input type="hidden" name="channel" value=channel/>
                <input type="hidden" name="name" value=name.clone()/>
                <button type="submit" class="quiet small remove-member" aria-label=label>
                    {text::REMOVE_MEMBER_BUTTON}
                </button>
            </ServerForm>
        }
    });
    view! {
        <li class="member" class:online=move || is_online.get() data-member=member.to_string()>
            <span>{member.to_string()}</span>
            {button}
        </li>
    }
}

#[component]
fn InviteForm(action: ServerAction<InviteMember>, channel: String) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    // Invited: the field is ready for the next name.
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            if let Some(el) = input.get_untracked() {
                el.set_value("");
            }
        }
    });
    let error = move || {
        if action.pending().get() {
            return None;
        }
        action.value().get().and_then(Result::err).map(
            |e| view! { <p class="form-error" role="alert" id="invite-error">{e.to_string()}</p> },
        )
    };
    let args = {
        let channel = channel.clone();
        move |fields: &FormFields| InviteMember {
            channel: channel.clone(),
            name: fields.text("name"),
        }
    };
    view! {
        <ServerForm action=action args>
            <input type="hidden" name="channel" value=channel/>
            <label for="invite-name">{text::INVITE_LABEL}</label>
            <div class="inline-form">
                <input
                    id="invite-name"
                    name="name"
                    maxlength="33"
                    required
                    autocomplete="off"
                    placeholder=text::INVITE_PLACEHOLDER
                    aria-describedby="invite-error"
                    node_ref=input
                />
                <button type="submit">{text::INVITE_BUTTON}</button>
            </div>
        </ServerForm>
        {error}
    }
}
