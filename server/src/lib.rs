//! # server — papo's axum server
//!
//! Grouped by layer; imports point down this list, never up:
//!
//! - [`startup`]: builds the [`startup::Application`] (store, hub, router)
//!   and runs it until Ctrl-C/SIGTERM; `main` and the tests share it. The
//!   one place that knows every layer.
//! - [`http`]: router state, middlewares (identify, CSRF, request ids,
//!   secure cookies, client addresses), the connection listener and lean
//!   feeds, SSE, and the JSON API (`http::api`).
//! - [`chat`]: the use cases (join, post, history, channels, DMs), with
//!   sessions, password hashing, rate limits and Markdown; behind the app
//!   crate's `ChatBackend` so that server functions call them too.
//! - [`live`]: fan-out of events (hub), what a feed may carry (access),
//!   the event log's routes, the PostgreSQL log follower, revocation,
//!   presence and what instances tell each other (cluster).
//! - [`store`]: the storage seam and its SQLite and PostgreSQL backends.
//! - [`ops`]: Prometheus metrics, the admin page's live stats, logging.
//! - [`config`]: settings from flags and the environment
//!   (`papo-server --help`).
//!
//! Inside each layer, a module is public only when `main`, the tests or
//! the load generator (`bench/`) name it; the rest are the crate's own.

// The page types of the Leptos views (`app`) nest deeper than the default
// limit of 128 when they are rendered without `--cfg erase_components`
// (a plain `cargo build` or `cargo clippy`; cargo-leptos and `make test`
// erase).
#![recursion_limit = "256"]

pub mod chat;
pub mod config;
pub mod http;
pub mod live;
pub mod ops;
pub mod startup;
pub mod store;
