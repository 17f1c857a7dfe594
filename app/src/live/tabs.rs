//! One feed for all the tabs of a browser.
//!
//! Browsers open at most six HTTP/1.1 connections per host, so the tabs
//! of one person share one feed: the tab that holds the Web Lock
//! `papo-live:<name>` (for its whole life) leads, owns the [`Connection`]
//! and passes every frame on over `BroadcastChannel('papo-live:<name>')`;
//! the others follow. A following
//! tab first says `Hello` with the newest event its page includes, keeps
//! what arrives until the leader answers with what came in between, then
//! takes frames as they come. When the leader closes, the lock passes to a
//! waiting tab, which opens the feed after the last event it saw.
//!
//! Every tab says on `BroadcastChannel('papo-session')` who is signed in
//! when its page starts, and that nobody is when a page finds itself signed
//! out; a tab whose person is no longer the one signed in ends its feed and
//! relay at once and reloads (see [`super::relay`] for why).
//!
//! Without Web Locks (pages served over plain HTTP from another host) every
//! tab has its own feed.

use std::{
    cell::RefCell,
    rc::{Rc, Weak},
};

use web_sys::{
    js_sys::{Function, Promise, Reflect},
    wasm_bindgen::{closure::Closure, JsCast, JsValue},
    BroadcastChannel, MessageEvent,
};

use super::{
    browser::{self, Listener},
    frame::Frame,
    relay::{feed_name, History, Posted, SessionNews, TabMessage, SESSION},
    source::{Connection, Sink},
    LiveStatus,
};
use crate::{
    domain::{EventId, Nickname},
    events::RESYNC,
};

/// The page's side: gets every frame, in order, once.
pub type Deliver = Rc<dyn Fn(Frame)>;

pub struct Tabs {
    state: Rc<RefCell<State>>,
    _listeners: Vec<Listener>,
}

struct State {
    tab: u64,
    account: Nickname,
    channel: Option<BroadcastChannel>,
    /// Where the browser's tabs say who is signed in.
    session: Option<BroadcastChannel>,
    role: Role,
    /// The newest event delivered to the page.
    last: EventId,
    /// The status last delivered to the page.
    status: LiveStatus,
    deliver: Deliver,
    closed: bool,
}

enum Role {
    Following { caught_up: bool, held: Vec<Frame> },
    Leading(Box<Leading>),
}

struct Leading {
    history: History,
    connection: Option<Connection>,
    release: Option<Function>,
}

impl Tabs {
    /// Starts following, or leading, for `account`'s page that includes
    /// every event up to `after`.
    pub fn start(account: &Nickname, after: EventId, deliver: Deliver) -> Self {
        let name = feed_name(account);
        let channel = BroadcastChannel::new(&name).ok();
        let session = BroadcastChannel::new(SESSION).ok();
        let state = Rc::new(RefCell::new(State {
            tab: (browser::random() * 9_007_199_254_740_991.0) as u64,
            account: account.clone(),
            channel: channel.clone(),
            session: session.clone(),
            role: Role::Following {
                caught_up: false,
                held: Vec::new(),
            },
            last: after,
            status: LiveStatus::Connecting,
            deliver,
            closed: false,
        }));
        let mut listeners = Vec::new();
        if let Some(session) = session {
            let weak = Rc::downgrade(&state);
            listeners.push(Listener::new(&session, "message", move |event| {
                let news = event
                    .dyn_ref::<MessageEvent>()
                    .and_then(|e| e.data().as_string())
                    .and_then(|data| serde_json::from_str::<SessionNews>(&data).ok());
                if let (Some(news), Some(state)) = (news, weak.upgrade()) {
                    let ends = news.ends_page_of(&state.borrow().account);
                    if ends {
                        end(&mut state.borrow_mut());
                        browser::reload();
                    }
                }
            }));
            post_news(&session, &SessionNews::signed_in(account));
        }
        let locked = channel.is_some() && request_lock(&name, Rc::downgrade(&state));
        if !locked {
            state.borrow_mut().channel = None;
            lead(&state, None);
            return Self {
                state,
                _listeners: listeners,
            };
        }
        if let Some(channel) = channel {
            let weak = Rc::downgrade(&state);
            listeners.push(Listener::new(&channel, "message", move |event| {
                let Some(state) = weak.upgrade() else { return };
                let message = event
                    .dyn_ref::<MessageEvent>()
                    .and_then(|e| e.data().as_string())
                    .and_then(|data| Posted::read(&data, &state.borrow().account));
                if let Some(message) = message {
                    on_message(&state, message);
                }
            }));
        }
        for (target, name) in [
            (browser::window_target(), "online"),
            (browser::document_target(), "visibilitychange"),
        ] {
            let Some(target) = target else { continue };
            let weak = Rc::downgrade(&state);
            listeners.push(Listener::new(&target, name, move |_| {
                if let Some(state) = weak.upgrade() {
                    wake_leader(&state);
                }
            }));
        }
        hello(&state.borrow());
        Self {
            state,
            _listeners: listeners,
        }
    }
}

impl Drop for Tabs {
    fn drop(&mut self) {
        if let Ok(mut state) = self.state.try_borrow_mut() {
            end(&mut state);
        }
    }
}

/// Closes the feed, gives up the lock and stops relaying and listening.
fn end(state: &mut State) {
    state.closed = true;
    if let Role::Leading(leading) = &mut state.role {
        leading.connection = None;
        if let Some(release) = leading.release.take() {
            let _ = release.call0(&JsValue::NULL);
        }
    }
    for channel in [state.channel.take(), state.session.take()]
        .into_iter()
        .flatten()
    {
        channel.close();
    }
}

/// Tells the browser's other tabs who is signed in now.
pub fn announce(news: &SessionNews) {
    if let Ok(session) = BroadcastChannel::new(SESSION) {
        post_news(&session, news);
        session.close();
    }
}

fn post_news(session: &BroadcastChannel, news: &SessionNews) {
    if let Ok(json) = serde_json::to_string(news) {
        let _ = session.post_message(&JsValue::from_str(&json));
    }
}

/// Asks for the lock `name`; the callback runs when this tab may lead.
/// False when the browser has no Web Locks.
fn request_lock(name: &str, state: Weak<RefCell<State>>) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let locks = Reflect::get(&window.navigator(), &JsValue::from_str("locks"))
        .ok()
        .filter(|locks| locks.is_object());
    let Some(locks) = locks else {
        return false;
    };
    let Some(request) = Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()
        .and_then(|r| r.dyn_into::<Function>().ok())
    else {
        return false;
    };
    let granted = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        let mut resolve = None;
        let held = Promise::new(&mut |res, _| resolve = Some(res));
        match state.upgrade() {
            Some(state) if !state.borrow().closed => lead(&state, resolve),
            _ => {
                if let Some(resolve) = resolve {
                    let _ = resolve.call0(&JsValue::NULL);
                }
            }
        }
        held.into()
    });
    request
        .call2(&locks, &JsValue::from_str(name), &granted)
        .is_ok()
}

/// This tab leads from now on: it opens the feed after the last event it
/// delivered, and passes on what arrives.
fn lead(state: &Rc<RefCell<State>>, release: Option<Function>) {
    let held = match &mut state.borrow_mut().role {
        Role::Following { held, .. } => std::mem::take(held),
        Role::Leading(_) => Vec::new(),
    };
    for frame in held {
        deliver(state, frame);
    }
    let after = {
        let mut s = state.borrow_mut();
        s.role = Role::Leading(Box::new(Leading {
            history: History::new(s.last),
            connection: None,
            release,
        }));
        s.last
    };
    let weak = Rc::downgrade(state);
    let sink: Sink = Rc::new(move |frame| {
        if let Some(state) = weak.upgrade() {
            relay(&state, frame);
        }
    });
    let account = state.borrow().account.clone();
    let connection = Connection::open(&account, after, sink);
    if let Role::Leading(leading) = &mut state.borrow_mut().role {
        leading.connection = Some(connection);
    }
}

/// The leader's feed delivered `frame`: remember it, pass it on, show it.
fn relay(state: &Rc<RefCell<State>>, frame: Frame) {
    {
        let mut s = state.borrow_mut();
        if let Role::Leading(leading) = &mut s.role {
            leading.history.record(&frame);
        }
        post(&s, TabMessage::Frame(frame.clone()));
    }
    deliver(state, frame);
}

fn on_message(state: &Rc<RefCell<State>>, message: TabMessage) {
    let mut wake: Option<Box<dyn Fn()>> = None;
    let frames = {
        let mut guard = state.borrow_mut();
        let s = &mut *guard;
        let tab = s.tab;
        match (message, &mut s.role) {
            (
                TabMessage::Frame(frame),
                Role::Following {
                    caught_up: true, ..
                },
            ) => vec![frame],
            (TabMessage::Frame(frame), Role::Following { held, .. }) => {
                // A new leader announces itself with its status: ask it too.
                let ask = matches!(frame, Frame::Status(_));
                held.push(frame);
                if ask {
                    hello(s);
                }
                Vec::new()
            }
            (TabMessage::Hello { tab, after }, Role::Leading(leading)) => {
                let catch_up = leading.history.catch_up(after);
                post(s, TabMessage::CatchUp { tab, catch_up });
                Vec::new()
            }
            (TabMessage::CatchUp { tab: to, catch_up }, Role::Following { caught_up, held })
                if to == tab && !*caught_up =>
            {
                *caught_up = true;
                let mut frames: Vec<Frame> =
                    catch_up.resync.map(resync_frame).into_iter().collect();
                frames.extend(catch_up.frames);
                frames.push(Frame::Status(catch_up.status));
                frames.append(held);
                frames
            }
            (TabMessage::Wake, Role::Leading(leading)) => {
                wake = leading.connection.as_ref().map(Connection::waker);
                Vec::new()
            }
            _ => Vec::new(),
        }
    };
    for frame in frames {
        deliver(state, frame);
    }
    if let Some(wake) = wake {
        wake();
    }
}

/// Hands `frame` to the page, unless it is an event already delivered.
fn deliver(state: &Rc<RefCell<State>>, frame: Frame) {
    let deliver = {
        let mut s = state.borrow_mut();
        let is_resync = matches!(&frame, Frame::Sse { name, .. } if name == RESYNC);
        if let Some(id) = frame.id() {
            if id <= s.last && !is_resync {
                return;
            }
            s.last = id;
        }
        if let Frame::Status(status) = frame {
            s.status = status;
        }
        s.deliver.clone()
    };
    deliver(frame);
}

/// A following tab came back while the feed is down: the leader (perhaps
/// throttled in the background) reconnects now.
fn wake_leader(state: &Rc<RefCell<State>>) {
    let s = state.borrow();
    let following = matches!(s.role, Role::Following { .. });
    if following && s.status != LiveStatus::Open && browser::visible() {
        post(&s, TabMessage::Wake);
    }
}

fn hello(s: &State) {
    post(
        s,
        TabMessage::Hello {
            tab: s.tab,
            after: s.last,
        },
    );
}

fn post(s: &State, message: TabMessage) {
    let Some(channel) = &s.channel else {
        return;
    };
    if let Ok(json) = serde_json::to_string(&Posted::new(&s.account, message)) {
        let _ = channel.post_message(&JsValue::from_str(&json));
    }
}

fn resync_frame(latest: EventId) -> Frame {
    Frame::Sse {
        name: RESYNC.to_owned(),
        data: format!(r#"{{"latest":{latest}}}"#),
        id: Some(latest),
    }
}
