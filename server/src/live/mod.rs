//! Live delivery: how a durable event reaches every open feed, and what
//! is live without being durable (who is online, who is typing).
//!
//! - [`event_log`]: an event as stored, and whom it is for ([`event_log::Route`]).
//! - [`hub`]: in-process fan-out of events to this instance's feeds;
//!   [`delivery`]: who hands the hub its events, the writers or the log.
//! - [`log_follower`]: on PostgreSQL, feeds the hub from the shared event
//!   log, so that several instances deliver each other's events.
//! - [`access`]: which events a feed may carry.
//! - [`presence`]: who is online; [`cluster`]: what instances tell each
//!   other besides the log (presence, typing).
//! - [`revocation`]: ends open feeds whose credential was revoked.

pub(crate) mod access;
pub mod cluster;
pub mod delivery;
pub mod event_log;
pub mod hub;
pub(crate) mod log_follower;
pub mod presence;
pub(crate) mod revocation;
