//! The browser's end of the live feed on `GET /api/v1/events`.
//!
//! - [`source`]: one `EventSource`, closed on error and reopened by the
//!   page with `?after=` the last id seen, after a [`backoff`]; at once when
//!   the browser comes back online or the tab becomes visible.
//! - [`tabs`]: the tabs of a browser share one feed; the leader relays it
//!   ([`relay`]) to the others.
//! - [`frame`]: what the feed delivers, raw and understood.
//! - [`stats`]: the admin page's stream of server stats.

pub mod backoff;
#[cfg(feature = "hydrate")]
mod browser;
pub mod frame;
pub mod relay;
#[cfg(feature = "hydrate")]
mod source;
pub mod stats;
#[cfg(feature = "hydrate")]
mod tabs;

use serde::{Deserialize, Serialize};

use crate::domain::EventId;
pub use frame::Incoming;

/// The state of the connection, as the indicator shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LiveStatus {
    Connecting,
    Open,
    /// Down; the next attempt is at `at_ms` (milliseconds since the epoch).
    Reconnecting {
        at_ms: u64,
    },
    /// Down, and the browser says it is offline.
    Offline,
}

impl LiveStatus {
    /// The value of the `data-live` attribute that tests wait for.
    pub fn as_attr(self) -> &'static str {
        match self {
            LiveStatus::Connecting => "connecting",
            LiveStatus::Open => "open",
            LiveStatus::Reconnecting { .. } => "reconnecting",
            LiveStatus::Offline => "offline",
        }
    }

    pub fn is_open(self) -> bool {
        self == LiveStatus::Open
    }
}

/// The feed's URL for a page whose newest known event is `after`.
pub fn feed_url(after: Option<EventId>) -> String {
    match after {
        Some(id) => format!("/api/v1/events?after={id}"),
        None => "/api/v1/events".to_owned(),
    }
}

/// An open feed. Dropping it closes the connection (or stops following).
/// It is only a key to the browser's feeds, so that the page may keep it
/// in ordinary (thread-safe) reactive storage.
pub struct Feed {
    #[cfg(feature = "hydrate")]
    key: u64,
}

#[cfg(feature = "hydrate")]
thread_local! {
    static OPEN: std::cell::RefCell<std::collections::HashMap<u64, tabs::Tabs>> =
        Default::default();
    static NEXT_KEY: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

#[cfg(feature = "hydrate")]
impl Drop for Feed {
    fn drop(&mut self) {
        let tabs = OPEN.with(|open| open.borrow_mut().remove(&self.key));
        drop(tabs);
    }
}

/// Follows the feed for a page that shows everything up to event `after`:
/// `on` gets every event once and in order, the ephemeral ones, and every
/// change of the connection. It stays open until the [`Feed`] is dropped.
#[cfg(feature = "hydrate")]
pub fn connect(after: EventId, on: impl Fn(Incoming) + 'static) -> Feed {
    let deliver: tabs::Deliver = std::rc::Rc::new(move |frame: frame::Frame| {
        if let Some(incoming) = frame.incoming() {
            on(incoming);
        }
    });
    let key = NEXT_KEY.with(|next| {
        next.set(next.get() + 1);
        next.get()
    });
    let tabs = tabs::Tabs::start(after, deliver);
    OPEN.with(|open| open.borrow_mut().insert(key, tabs));
    Feed { key }
}

/// On the server there is no feed to open: the page is rendered once and
/// the browser connects after hydration.
#[cfg(not(feature = "hydrate"))]
pub fn connect(_after: EventId, _on: impl Fn(Incoming) + 'static) -> Feed {
    Feed {}
}
