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

use crate::domain::{EventId, Nickname};
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

/// The feed's URL for `account`'s page whose newest known event is
/// `after`. `as` makes the server refuse the feed when the browser's cookie
/// is someone else's by now (signed in in another tab).
pub fn feed_url(account: &Nickname, after: Option<EventId>) -> String {
    // Nicknames are ASCII letters, digits and `_-.`: nothing to escape.
    let account = account.as_str();
    match after {
        Some(id) => format!("/api/v1/events?as={account}&after={id}"),
        None => format!("/api/v1/events?as={account}"),
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

/// Follows `account`'s feed for a page that shows everything up to event
/// `after`: `on` gets every event once and in order, the ephemeral ones,
/// and every change of the connection. It stays open until the [`Feed`] is
/// dropped, or until another tab says someone else is signed in now (then
/// the page reloads as that person).
#[cfg(feature = "hydrate")]
pub fn connect(account: &Nickname, after: EventId, on: impl Fn(Incoming) + 'static) -> Feed {
    let deliver: tabs::Deliver = std::rc::Rc::new(move |frame: frame::Frame| {
        if let Some(incoming) = frame.incoming() {
            on(incoming);
        }
    });
    let key = NEXT_KEY.with(|next| {
        next.set(next.get() + 1);
        next.get()
    });
    let tabs = tabs::Tabs::start(account, after, deliver);
    OPEN.with(|open| open.borrow_mut().insert(key, tabs));
    Feed { key }
}

/// On the server there is no feed to open: the page is rendered once and
/// the browser connects after hydration.
#[cfg(not(feature = "hydrate"))]
pub fn connect(_account: &Nickname, _after: EventId, _on: impl Fn(Incoming) + 'static) -> Feed {
    Feed {}
}

/// Tells the browser's other tabs that nobody is signed in here any more:
/// theirs stop and reload.
pub fn signed_out() {
    #[cfg(feature = "hydrate")]
    tabs::announce(&relay::SessionNews::SignedOut);
}
