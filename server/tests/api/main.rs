//! End-to-end tests of the JSON API and live feeds against a real server.

mod accounts;
mod admin;
mod channels;
mod contract;
mod deadlines;
mod delivery;
mod direct_messages;
mod edits;
mod events;
mod feed_caps;
mod guest_names;
mod health;
mod helpers;
mod instances;
mod internal_errors;
mod lean_feed;
mod messages;
mod metrics;
mod notifications;
mod openapi;
mod pages;
#[path = "../support/postgres.rs"]
mod postgres;
mod presence;
mod rate_limits;
mod raw_http;
mod request_ids;
mod revocation;
mod secure_cookies;
mod security;
mod server_fns;
mod session;
mod session_expiry;
mod session_required;
mod unread;
mod write_budget;
