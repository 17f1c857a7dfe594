//! # app — what the browser and the server share
//!
//! Built twice: with feature `ssr` into the server, with `hydrate` into the
//! browser's wasm. Layout:
//!
//! - [`domain`], [`events`], [`error`] and [`ChatError`]: re-exports of the
//!   `domain` crate (papo's types, live events and errors, without Leptos,
//!   shared with the CLI), so that `app::domain::Nickname` and the like go
//!   on naming them.
//! - [`text`]: every user-facing sentence, for translation.
//! - [`server_fns`]: the `#[server]` functions the UI calls.
//! - `backend` (ssr only): the trait the server implements so that server
//!   functions can reach its use cases.
//! - `security` (ssr only): the Content-Security-Policy of every page.
//! - [`live`]: the browser's `EventSource` on `/api/v1/events`.
//! - [`pages`] and [`components`]: the Leptos UI.
//!
//! [`shell`] is the HTML document the server renders around [`App`].

#[cfg(feature = "ssr")]
pub mod backend;
pub mod components;
pub mod live;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod security;
pub mod server_fns;
pub mod text;

pub use ::domain;
pub use domain::{error, events, ChatError};

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    ParamSegment, SsrMode, StaticSegment,
};

/// Whether the page is running in the browser yet. False while the server
/// renders and until hydration finishes; `main[data-hydrated]` mirrors it
/// so that tests can wait for it.
#[derive(Clone, Copy)]
pub struct Hydrated(pub RwSignal<bool>);

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    security::apply(&options);
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let hydrated = RwSignal::new(false);
    // Effects run only in the browser, after hydration.
    Effect::new(move |_| hydrated.set(true));
    provide_context(Hydrated(hydrated));

    view! {
        <Stylesheet id="leptos" href="/pkg/papo.css"/>
        <Title text=text::APP_NAME/>
        <Meta name="color-scheme" content="light dark"/>
        <Meta name="description" content=text::TAGLINE/>
        <Router>
            <main id="papo" data-hydrated=move || hydrated.get().to_string()>
                <Routes fallback=NotFound>
                    // One chat page for `/` (#general) and every channel, so that
                    // switching channels keeps it, and its live feed, mounted.
                    <ParentRoute path=StaticSegment("") view=pages::chat::ChatPage ssr=SsrMode::Async>
                        <Route path=StaticSegment("") view=|| () ssr=SsrMode::Async/>
                        <Route path=(StaticSegment("c"), ParamSegment("channel")) view=|| () ssr=SsrMode::Async/>
                    </ParentRoute>
                    <Route path=StaticSegment("channels") view=pages::browse::BrowsePage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("login") view=pages::login::LoginPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("settings") view=pages::settings::SettingsPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("admin") view=pages::admin::AdminPage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}

/// The 404 page: also what anything people may not see looks like.
#[component]
pub(crate) fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="not-found">
            <h1>{text::PAGE_NOT_FOUND}</h1>
            <a href="/">{text::BACK_TO_CHAT}</a>
        </section>
    }
}
