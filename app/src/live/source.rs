//! One `EventSource` on `/api/v1/events`, reopened by the page itself.
//!
//! On any error the page closes the connection (the browser's own retry
//! would resume with `Last-Event-ID` but on its fixed schedule) and opens a
//! new one with `?after=` the last id seen, after a backoff
//! ([`super::backoff`]); at once when the browser comes back online or the
//! tab becomes visible. A `ready` resets the backoff.

use std::{
    cell::RefCell,
    rc::{Rc, Weak},
    time::Duration,
};

use leptos::prelude::{set_timeout_with_handle, TimeoutHandle};
use web_sys::{wasm_bindgen::JsCast, Event, EventSource, MessageEvent};

use super::{
    backoff,
    browser::{self, Listener},
    feed_url,
    frame::Frame,
    LiveStatus,
};
use crate::{
    domain::{EventId, Nickname},
    events::{EPHEMERAL_NAMES, EVENT_NAMES, READY, RESYNC},
};

/// Where the connection's frames go.
pub type Sink = Rc<dyn Fn(Frame)>;

/// The feed, open or waiting to reopen, until dropped.
pub struct Connection {
    state: Rc<RefCell<State>>,
    _watch: Vec<Listener>,
}

struct State {
    account: Nickname,
    last: EventId,
    failures: u32,
    open: Option<Open>,
    /// Closed sources whose listeners may still be running; dropped at
    /// the next connect.
    retired: Vec<Open>,
    timer: Option<TimeoutHandle>,
    sink: Sink,
}

struct Open {
    source: EventSource,
    _listeners: Vec<Listener>,
}

impl Drop for Open {
    fn drop(&mut self) {
        self.source.close();
    }
}

impl Connection {
    /// Opens `account`'s feed after event `after`.
    pub fn open(account: &Nickname, after: EventId, sink: Sink) -> Self {
        let state = Rc::new(RefCell::new(State {
            account: account.clone(),
            last: after,
            failures: 0,
            open: None,
            retired: Vec::new(),
            timer: None,
            sink: sink.clone(),
        }));
        let mut watch = Vec::new();
        if let Some(window) = browser::window_target() {
            let weak = Rc::downgrade(&state);
            watch.push(Listener::new(&window, "online", move |_| wake(&weak)));
            let weak = Rc::downgrade(&state);
            watch.push(Listener::new(&window, "offline", move |_| fail(&weak)));
        }
        if let Some(document) = browser::document_target() {
            let weak = Rc::downgrade(&state);
            watch.push(Listener::new(&document, "visibilitychange", move |_| {
                if browser::visible() {
                    wake(&weak);
                }
            }));
        }
        sink(Frame::Status(LiveStatus::Connecting));
        connect(&state);
        Self {
            state,
            _watch: watch,
        }
    }

    /// What reconnects now if the feed is waiting to (to call once no
    /// borrow of the caller's state is held: it reports the new status).
    pub fn waker(&self) -> Box<dyn Fn()> {
        let weak = Rc::downgrade(&self.state);
        Box::new(move || wake(&weak))
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if let Ok(mut state) = self.state.try_borrow_mut() {
            if let Some(timer) = state.timer.take() {
                timer.clear();
            }
            state.open = None;
        }
    }
}

fn connect(state: &Rc<RefCell<State>>) {
    let weak = Rc::downgrade(state);
    let mut s = state.borrow_mut();
    if let Some(timer) = s.timer.take() {
        timer.clear();
    }
    s.retired.clear();
    s.open = None;
    let source = match EventSource::new(&feed_url(&s.account, Some(s.last))) {
        Ok(source) => source,
        Err(e) => {
            leptos::logging::error!("cannot open the live feed: {e:?}");
            drop(s);
            fail(&weak);
            return;
        }
    };
    let names = EVENT_NAMES
        .iter()
        .chain(EPHEMERAL_NAMES.iter())
        .chain([READY, RESYNC].iter());
    let mut listeners: Vec<Listener> = names
        .map(|name| {
            let weak = weak.clone();
            Listener::new(&source, name, move |event| receive(&weak, name, &event))
        })
        .collect();
    listeners.push(Listener::new(&source, "error", move |_| fail(&weak)));
    s.open = Some(Open {
        source,
        _listeners: listeners,
    });
}

fn receive(state: &Weak<RefCell<State>>, name: &'static str, event: &Event) {
    let (Some(state), Some(event)) = (state.upgrade(), event.dyn_ref::<MessageEvent>()) else {
        return;
    };
    let data = event.data().as_string().unwrap_or_default();
    // `lastEventId` keeps the previous id for events without one.
    let durable = EVENT_NAMES.contains(&name) || name == RESYNC;
    let id = durable
        .then(|| event.last_event_id().parse::<EventId>().ok())
        .flatten();
    let sink = {
        let mut s = state.borrow_mut();
        if let Some(id) = id {
            if id <= s.last && name != RESYNC {
                return;
            }
            s.last = id;
        }
        if name == READY {
            s.failures = 0;
        }
        s.sink.clone()
    };
    sink(Frame::Sse {
        name: name.to_owned(),
        data,
        id,
    });
    if name == READY {
        sink(Frame::Status(LiveStatus::Open));
    }
}

/// The connection failed (or the browser went offline): close it and
/// reopen after the next backoff.
fn fail(state: &Weak<RefCell<State>>) {
    let Some(state) = state.upgrade() else {
        return;
    };
    let (sink, status) = {
        let mut s = state.borrow_mut();
        match s.open.take() {
            Some(open) => {
                open.source.close();
                s.retired.push(open);
            }
            None if s.timer.is_some() => return,
            None => {}
        }
        s.failures += 1;
        let wait = backoff::delay_ms(s.failures, browser::random());
        let weak = Rc::downgrade(&state);
        s.timer = set_timeout_with_handle(
            move || {
                if let Some(state) = weak.upgrade() {
                    state.borrow_mut().timer = None;
                    connect(&state);
                }
            },
            Duration::from_millis(u64::from(wait)),
        )
        .ok();
        let status = if browser::online() {
            LiveStatus::Reconnecting {
                at_ms: browser::now_ms() + u64::from(wait),
            }
        } else {
            LiveStatus::Offline
        };
        (s.sink.clone(), status)
    };
    sink(Frame::Status(status));
}

/// Reconnects at once when not connected.
fn wake(state: &Weak<RefCell<State>>) {
    let Some(state) = state.upgrade() else {
        return;
    };
    let sink = {
        let s = state.borrow();
        if s.open.is_some() {
            return;
        }
        s.sink.clone()
    };
    sink(Frame::Status(LiveStatus::Reconnecting {
        at_ms: browser::now_ms(),
    }));
    connect(&state);
}
