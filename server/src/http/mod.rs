//! The HTTP layer: everything that turns requests into use-case calls and
//! answers into bytes. It holds no rules of its own.
//!
//! - [`state`]: what handlers reach ([`state::AppState`]).
//! - [`api`]: the JSON API under `/api/v1`, its OpenAPI document and
//!   reference page, `/healthz`, `/readyz` and `/metrics`.
//! - [`sse`]: the resumable live feeds.
//! - [`connection`]: accepting and serving connections, with deadlines for
//!   request heads and for clients that stop reading; live feeds are served
//!   over HTTP/1.1 without hyper's per-connection buffers.
//! - [`identify`]: the middleware that resolves a request's credential to a
//!   `Viewer`; [`secure_cookies`]: whether its cookies are `Secure`;
//!   [`same_origin`]: refuses cross-site state changes (CSRF);
//!   [`request_id`]: request ids in logs, headers and 5xx bodies;
//!   [`client_address`]: who a request came from, behind trusted proxies.
//! - [`metrics_access`]: who may read `/metrics`.
//! - [`admin_page`]: settles before `/admin` renders whether the viewer is
//!   an admin.

pub(crate) mod admin_page;
pub mod api;
pub mod client_address;
pub(crate) mod connection;
pub(crate) mod identify;
pub mod metrics_access;
pub(crate) mod request_id;
pub(crate) mod same_origin;
pub mod secure_cookies;
pub mod sse;
pub mod state;
