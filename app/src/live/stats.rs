//! The admin page's `EventSource` on `/api/v1/admin/stats`. Nothing to
//! resume: a reconnected stream starts with the last minute again, and
//! the page skips the samples it has. So the browser's own reconnection
//! is enough.

use crate::domain::StatsSample;

/// The stats stream (admins only).
pub const STATS_URL: &str = "/api/v1/admin/stats";

/// The followed stream; dropping it closes it.
pub struct StatsFeed {
    #[cfg(feature = "hydrate")]
    source: web_sys::EventSource,
    #[cfg(feature = "hydrate")]
    _listeners: Vec<super::browser::Listener>,
}

#[cfg(feature = "hydrate")]
impl Drop for StatsFeed {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// Follows the stats: `on` gets each sample, `live` whether the stream
/// is open now.
#[cfg(feature = "hydrate")]
pub fn follow(
    on: impl Fn(StatsSample) + 'static,
    live: impl Fn(bool) + 'static,
) -> Option<StatsFeed> {
    use super::browser::Listener;
    use web_sys::{wasm_bindgen::JsCast, MessageEvent};

    let source = web_sys::EventSource::new(STATS_URL).ok()?;
    let live = std::rc::Rc::new(live);
    let opened = live.clone();
    let listeners = vec![
        Listener::new(&source, StatsSample::EVENT, move |event| {
            let data = event
                .dyn_ref::<MessageEvent>()
                .and_then(|event| event.data().as_string());
            if let Some(sample) = data.and_then(|data| serde_json::from_str(&data).ok()) {
                on(sample);
            }
        }),
        Listener::new(&source, "open", move |_| opened(true)),
        Listener::new(&source, "error", move |_| live(false)),
    ];
    Some(StatsFeed {
        source,
        _listeners: listeners,
    })
}

/// On the server there is nothing to follow: the page is rendered once
/// and the browser connects after hydration.
#[cfg(not(feature = "hydrate"))]
pub fn follow(
    _on: impl Fn(StatsSample) + 'static,
    _live: impl Fn(bool) + 'static,
) -> Option<StatsFeed> {
    None
}
