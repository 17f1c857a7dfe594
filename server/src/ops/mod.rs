//! Operating papo: what it tells the people who run it.
//!
//! - [`metrics`]: the Prometheus series (served by `http::api::metrics`).
//! - [`stats`]: the live server stats of the admin page, sampled every
//!   second.
//! - [`telemetry`]: logging, as text or JSON lines.

pub mod metrics;
pub(crate) mod stats;
pub mod telemetry;
