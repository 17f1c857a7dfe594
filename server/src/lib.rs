//! # server — papo's axum server
//!
//! - [`config`]: settings from flags and the environment
//!   (`papo-server --help`).
//! - [`telemetry`] sets up logging (text or JSON lines).
//! - [`startup`]: builds the [`startup::Application`] (store, hub, router)
//!   and runs it until Ctrl-C/SIGTERM; `main` and the tests share it.
//! - [`state`]: what handlers reach: the use cases and the shutdown signal.
//! - [`chat`]: the use cases (join, post, history), behind the app crate's
//!   `ChatBackend` so that server functions call them too.
//! - [`password_hash`]: Argon2id hashing off the async workers.
//! - [`session`]: session and API tokens, cookies; [`identify`]: the middleware
//!   that resolves them to a `Viewer`; [`secure_cookies`]: whether a
//!   request's cookies are `Secure` (it came over HTTPS).
//! - [`admin_page`]: settles before `/admin` renders whether the viewer is
//!   an admin.
//! - [`rate_limit`]: message flood control and the session-creation brake;
//!   [`client_address`]: who a request came from, behind trusted proxies.
//! - [`revocation`]: ends open live feeds whose credential was revoked.
//! - [`request_id`]: request ids in logs, headers and 5xx error bodies.
//! - [`same_origin`]: refuses cross-site state changes (CSRF).
//! - [`api`]: the JSON API under `/api/v1`, its OpenAPI document and
//!   reference page, and the `/healthz` and `/readyz` probes.
//! - [`connection`]: accepting and serving connections, with deadlines for
//!   request heads and for clients that stop reading; live feeds are served
//!   over HTTP/1.1 without hyper's per-connection buffers.
//! - [`sse`]: the resumable live feeds; [`feed_caps`]: how many one account
//!   and one address may hold open.
//! - [`access`]: which events a feed may carry; [`presence`]: who is
//!   online.
//! - [`hub`]: in-process fan-out of live events; on PostgreSQL
//!   [`log_follower`] feeds it from the shared event log, so that several
//!   instances deliver each other's events, and [`cluster`] is what they
//!   tell each other besides: who is online, who is typing.
//! - [`store`]: the storage seam and its SQLite and PostgreSQL backends.
//! - [`metrics`]: the Prometheus series served at `/metrics`; [`stats`]:
//!   the live server stats of the admin page, sampled every second.

// The page types of the Leptos views (`app`) nest deeper than the default
// limit of 128 when they are rendered without `--cfg erase_components`
// (a plain `cargo build` or `cargo clippy`; cargo-leptos and `make test`
// erase).
#![recursion_limit = "256"]

pub mod access;
pub mod admin_page;
pub mod api;
pub mod chat;
pub mod client_address;
pub mod cluster;
pub mod config;
pub mod connection;
pub mod event_log;
pub mod feed_caps;
pub mod hub;
pub mod identify;
pub mod log_follower;
pub mod markdown;
pub mod metrics;
pub mod password_hash;
pub mod presence;
pub mod rate_limit;
pub mod request_id;
pub mod revocation;
pub mod same_origin;
pub mod secure_cookies;
pub mod session;
pub mod sse;
pub mod startup;
pub mod state;
pub mod stats;
pub mod store;
pub mod telemetry;
