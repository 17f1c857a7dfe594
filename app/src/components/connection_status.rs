//! The live feed's state in the room header: connected, reconnecting
//! (with a countdown to the next attempt) or offline. A polite live region
//! announces the state; the countdown is for the eyes only.

use std::time::Duration;

use leptos::prelude::*;

use crate::{live::LiveStatus, text};

#[component]
pub fn ConnectionStatus(#[prop(into)] status: Signal<LiveStatus>) -> impl IntoView {
    let now = RwSignal::new(now_ms());
    // Effects run in the browser only.
    Effect::new(move |_| {
        if let Ok(handle) =
            set_interval_with_handle(move || now.set(now_ms()), Duration::from_millis(500))
        {
            on_cleanup(move || handle.clear());
        }
    });
    let state = move || match status.get() {
        LiveStatus::Connecting => text::LIVE_CONNECTING,
        LiveStatus::Open => text::LIVE_OPEN,
        LiveStatus::Reconnecting { .. } => text::LIVE_RECONNECTING,
        LiveStatus::Offline => text::LIVE_OFFLINE,
    };
    let countdown = move || match status.get() {
        LiveStatus::Reconnecting { at_ms } => {
            let left = at_ms.saturating_sub(now.get());
            (left > 0).then(|| text::retrying_in(left.div_ceil(1_000)))
        }
        _ => None,
    };
    view! {
        <span
            class="live-status"
            role="status"
            aria-live="polite"
            aria-label=text::LIVE_STATUS_LABEL
            data-state=move || status.get().as_attr()
        >
            {state}
            <span class="countdown" aria-hidden="true">{countdown}</span>
        </span>
    }
}

fn now_ms() -> u64 {
    chrono::Utc::now().timestamp_millis().max(0) as u64
}
