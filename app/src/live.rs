//! The browser's end of the live feed: one `EventSource` per tab on
//! `GET /api/v1/events`.
//!
//! The browser reconnects by itself and sends `Last-Event-ID`, so the server
//! replays whatever was missed; the first connection passes `?after=` with
//! the newest id the page rendered.

use crate::{domain::EventId, events::ChatEvent};

/// What the connection indicator shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveStatus {
    Connecting,
    Open,
    Reconnecting,
}

impl LiveStatus {
    /// The value of the `data-live` attribute that tests wait for.
    pub fn as_attr(self) -> &'static str {
        match self {
            LiveStatus::Connecting => "connecting",
            LiveStatus::Open => "open",
            LiveStatus::Reconnecting => "reconnecting",
        }
    }
}

/// The feed's URL for a page whose newest rendered event is `after`.
pub fn feed_url(after: Option<EventId>) -> String {
    match after {
        Some(id) => format!("/api/v1/events?after={id}"),
        None => "/api/v1/events".to_owned(),
    }
}

/// Opens the feed and calls `on_event` for every durable event and
/// `on_status` when the connection changes. The feed closes when the
/// reactive owner that called this is cleaned up (the chat room unmounts).
#[cfg(feature = "hydrate")]
pub fn connect(
    after: Option<EventId>,
    on_event: impl Fn(ChatEvent) + 'static,
    on_status: impl Fn(LiveStatus) + 'static,
) {
    use crate::events::READY;
    use futures::{future::abortable, stream::select, StreamExt};
    use gloo_net::eventsource::futures::EventSource;

    let mut source = match EventSource::new(&feed_url(after)) {
        Ok(source) => source,
        Err(e) => {
            leptos::logging::error!("cannot open the live feed: {e:?}");
            on_status(LiveStatus::Reconnecting);
            return;
        }
    };
    let (Ok(messages), Ok(ready)) = (source.subscribe("message"), source.subscribe(READY)) else {
        leptos::logging::error!("cannot subscribe to the live feed");
        return;
    };

    let task = async move {
        // `source` lives in this task: dropping it closes the connection.
        let _source = source;
        let mut events = select(messages, ready);
        while let Some(next) = events.next().await {
            match next {
                Ok((name, _)) if name == READY => on_status(LiveStatus::Open),
                Ok((name, event)) => {
                    let data = event.data().as_string().unwrap_or_default();
                    match ChatEvent::from_sse(&name, &data) {
                        Some(Ok(event)) => on_event(event),
                        Some(Err(e)) => leptos::logging::error!("bad {name} event: {e}"),
                        None => {}
                    }
                }
                // The browser retries on its own, resuming from Last-Event-ID.
                Err(_) => on_status(LiveStatus::Reconnecting),
            }
        }
    };
    let (task, handle) = abortable(task);
    leptos::task::spawn_local(async move {
        let _ = task.await;
    });
    leptos::prelude::on_cleanup(move || handle.abort());
}

/// On the server there is no feed to open: the page is rendered once and
/// the browser connects after hydration.
#[cfg(not(feature = "hydrate"))]
pub fn connect(
    _after: Option<EventId>,
    _on_event: impl Fn(ChatEvent) + 'static,
    _on_status: impl Fn(LiveStatus) + 'static,
) {
}
