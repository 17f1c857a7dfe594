//! `/channels`: every public channel to browse and join, creating a
//! channel (accounts only) and opening a direct conversation. Every form is
//! a `ServerForm`, so all of it works without JavaScript.

use leptos::{either::EitherOf3, prelude::*};
use leptos_meta::Title;

use crate::{
    components::{
        channel_directory::ChannelDirectory, create_channel_form::CreateChannelForm,
        dm_form::DmForm,
    },
    server_fns::{load_browse, BrowseSnapshot, CreateChannel, JoinChannel, OpenDm},
    text,
};

#[component]
pub fn BrowsePage() -> impl IntoView {
    let join = ServerAction::<JoinChannel>::new();
    let create = ServerAction::<CreateChannel>::new();
    let open_dm = ServerAction::<OpenDm>::new();
    let browse = Resource::new(move || join.version().get(), |_| load_browse());

    view! {
        <Title text=text::BROWSE_TITLE/>
        <section class="browse" aria-labelledby="browse-heading">
            <h1 id="browse-heading">{text::BROWSE_HEADING}</h1>
            <Transition>
                {move || Suspend::new(async move {
                    match browse.await {
                        Ok(Some(snapshot)) => EitherOf3::A(view! {
                            <Browse snapshot join create open_dm/>
                        }),
                        Ok(None) => EitherOf3::B(view! {
                            <p class="hint">{text::BROWSE_VISITOR}</p>
                            <p><a href="/">{text::TO_CHAT}</a></p>
                        }),
                        Err(e) => EitherOf3::C(view! {
                            <p class="form-error" role="alert">{e.to_string()}</p>
                        }),
                    }
                })}
            </Transition>
            <p class="back">
                <a href="/">{text::BACK_TO_CHAT}</a>
            </p>
        </section>
    }
}

#[component]
fn Browse(
    snapshot: BrowseSnapshot,
    join: ServerAction<JoinChannel>,
    create: ServerAction<CreateChannel>,
    open_dm: ServerAction<OpenDm>,
) -> impl IntoView {
    let BrowseSnapshot {
        registered,
        channels,
        ..
    } = snapshot;
    let create_section = if registered {
        view! { <CreateChannelForm action=create/> }.into_any()
    } else {
        view! {
            <p class="hint" id="create-needs-account">{text::CREATE_NEEDS_ACCOUNT}</p>
            <p><a href="/login">{text::TO_LOGIN}</a></p>
        }
        .into_any()
    };
    view! {
        <div class="browse-columns">
            <section class="browse-section" aria-labelledby="directory-heading">
                <h2 id="directory-heading">{text::BROWSE_LIST_HEADING}</h2>
                <ChannelDirectory channels join/>
            </section>
            <div class="browse-forms">
                <section class="browse-section" aria-labelledby="create-heading">
                    <h2 id="create-heading">{text::CREATE_CHANNEL_HEADING}</h2>
                    {create_section}
                </section>
                <section class="browse-section" id="new-dm" aria-labelledby="dm-heading">
                    <h2 id="dm-heading">{text::NEW_DM_HEADING}</h2>
                    <DmForm action=open_dm/>
                </section>
            </div>
        </div>
    }
}
