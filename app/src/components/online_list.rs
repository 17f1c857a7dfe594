//! Who of the channel's members is online now, me first.

use leptos::prelude::*;

use crate::{domain::Nickname, text};

#[component]
pub fn OnlineList(me: Nickname, #[prop(into)] others: Signal<Vec<Nickname>>) -> impl IntoView {
    let me = me.to_string();
    let names = move || {
        let mut names = vec![me.clone()];
        others.with(|others| names.extend(others.iter().map(ToString::to_string)));
        names
    };
    view! {
        <div class="presence">
            <span class="online-count">{move || text::online_count(others.with(Vec::len) + 1)}</span>
            <ul class="online" data-online="" aria-label=text::ONLINE_HEADING>
                <For each=names key=String::clone let:name>
                    <li data-user=name.clone()>{name.clone()}</li>
                </For>
            </ul>
        </div>
    }
}
