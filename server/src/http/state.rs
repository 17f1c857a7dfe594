//! What every request handler can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use tokio_util::sync::CancellationToken;

use crate::{
    chat::ChatService, http::metrics_access::MetricsAccess, live::hub::Hub, ops::stats::Stats,
};

#[derive(Clone)]
pub struct AppState {
    /// The use cases; one instance for the whole process, shared by `Arc`.
    pub chat: Arc<ChatService>,
    /// Where this instance's live events, revocations and ephemeral
    /// signals fan out to its open feeds.
    pub hub: Hub,
    /// This instance's live stats: what feeds count, what the admin page
    /// shows.
    pub stats: Arc<Stats>,
    /// Cancelled when the server starts shutting down, so that endless
    /// responses (the SSE feeds) end and the server can drain.
    pub shutdown: CancellationToken,
    /// How often an idle live feed gets a heartbeat comment.
    pub heartbeat: std::time::Duration,
    /// The most events a resuming feed replays (see [`crate::http::sse`]).
    pub replay_limit: u64,
    /// Where the compiled site lives and what it is called (cargo-leptos).
    pub leptos_options: LeptosOptions,
    /// Who may read `/metrics` (`PAPO_METRICS_TOKEN`, `PAPO_METRICS_OPEN`).
    pub metrics: MetricsAccess,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
