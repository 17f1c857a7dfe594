//! The browser's end of the live feed: one `EventSource` per tab on
//! `GET /api/v1/events`, subscribed to every event name papo sends.
//!
//! The browser reconnects by itself and sends `Last-Event-ID`, so the server
//! replays whatever was missed; the first connection passes `?after=` with
//! the newest id the page rendered. Should the browser give up (the
//! connection is closed for good), the feed opens a new one after a pause,
//! passing `?after=` the last id it saw.

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

/// An open feed. Dropping it closes the connection.
pub struct Feed {
    #[cfg(feature = "hydrate")]
    handle: futures::future::AbortHandle,
}

#[cfg(feature = "hydrate")]
impl Drop for Feed {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

/// Opens the feed and calls `on_event` with every durable event and its id,
/// and `on_status` when the connection changes. It stays open until the
/// returned [`Feed`] is dropped.
#[cfg(feature = "hydrate")]
pub fn connect(
    after: Option<EventId>,
    on_event: impl Fn(EventId, ChatEvent) + 'static,
    on_status: impl Fn(LiveStatus) + 'static,
) -> Feed {
    use futures::future::abortable;

    let task = async move {
        let mut after = after;
        loop {
            after = follow(after, &on_event, &on_status).await;
            on_status(LiveStatus::Reconnecting);
            pause(RETRY_AFTER_MS).await;
        }
    };
    let (task, handle) = abortable(task);
    leptos::task::spawn_local(async move {
        let _ = task.await;
    });
    Feed { handle }
}

/// How long to wait before opening a new connection once the browser has
/// given up on one.
#[cfg(feature = "hydrate")]
const RETRY_AFTER_MS: i32 = 3_000;

/// Reads one `EventSource` until the browser gives up on it; returns the
/// id of the last event seen, to resume from.
#[cfg(feature = "hydrate")]
async fn follow(
    mut after: Option<EventId>,
    on_event: &impl Fn(EventId, ChatEvent),
    on_status: &impl Fn(LiveStatus),
) -> Option<EventId> {
    use crate::events::{EVENT_NAMES, READY};
    use futures::{stream::select_all, StreamExt};
    use gloo_net::eventsource::futures::EventSource;

    let mut source = match EventSource::new(&feed_url(after)) {
        Ok(source) => source,
        Err(e) => {
            leptos::logging::error!("cannot open the live feed: {e:?}");
            return after;
        }
    };
    let mut subscriptions = Vec::with_capacity(EVENT_NAMES.len() + 1);
    for name in EVENT_NAMES.iter().copied().chain([READY]) {
        match source.subscribe(name) {
            Ok(subscription) => subscriptions.push(subscription),
            Err(e) => leptos::logging::error!("cannot subscribe to {name}: {e:?}"),
        }
    }
    let mut events = select_all(subscriptions);
    // The browser retries on its own while it can; an error here means it
    // has closed the connection for good.
    while let Some(Ok((name, event))) = events.next().await {
        if name == READY {
            on_status(LiveStatus::Open);
            continue;
        }
        let Ok(id) = event.last_event_id().parse::<EventId>() else {
            leptos::logging::error!("{name} event without an id");
            continue;
        };
        let data = event.data().as_string().unwrap_or_default();
        match ChatEvent::from_sse(&name, &data) {
            Some(Ok(event)) => on_event(id, event),
            Some(Err(e)) => leptos::logging::error!("bad {name} event: {e}"),
            None => {}
        }
        after = Some(id);
    }
    drop(source);
    after
}

/// Resolves after `ms` milliseconds.
#[cfg(feature = "hydrate")]
async fn pause(ms: i32) {
    let (done, wait) = futures::channel::oneshot::channel::<()>();
    leptos::prelude::set_timeout(
        move || {
            let _ = done.send(());
        },
        std::time::Duration::from_millis(ms as u64),
    );
    let _ = wait.await;
}

/// On the server there is no feed to open: the page is rendered once and
/// the browser connects after hydration.
#[cfg(not(feature = "hydrate"))]
pub fn connect(
    _after: Option<EventId>,
    _on_event: impl Fn(EventId, ChatEvent) + 'static,
    _on_status: impl Fn(LiveStatus) + 'static,
) -> Feed {
    Feed {}
}
