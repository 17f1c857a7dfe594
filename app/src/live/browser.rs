//! Small pieces of the browser the live feed needs.

use web_sys::{
    js_sys,
    wasm_bindgen::{closure::Closure, JsCast},
    Event, EventTarget, VisibilityState,
};

/// Milliseconds since the epoch (the same clock in every tab).
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A number in `[0, 1)`.
pub fn random() -> f64 {
    js_sys::Math::random()
}

/// What `navigator.onLine` says (true when it cannot tell).
pub fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

pub fn visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == VisibilityState::Visible)
}

pub fn window_target() -> Option<EventTarget> {
    web_sys::window().map(Into::into)
}

pub fn document_target() -> Option<EventTarget> {
    web_sys::window().and_then(|w| w.document()).map(Into::into)
}

/// An event listener, removed when dropped.
pub struct Listener {
    target: EventTarget,
    name: &'static str,
    callback: Closure<dyn FnMut(Event)>,
}

impl Listener {
    pub fn new(
        target: &EventTarget,
        name: &'static str,
        callback: impl FnMut(Event) + 'static,
    ) -> Self {
        let callback = Closure::<dyn FnMut(Event)>::new(callback);
        let _ = target.add_event_listener_with_callback(name, callback.as_ref().unchecked_ref());
        Self {
            target: target.clone(),
            name,
            callback,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.name, self.callback.as_ref().unchecked_ref());
    }
}

/// Loads the page again, as whoever is signed in now.
pub fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
