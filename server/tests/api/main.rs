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
mod health;
mod helpers;
mod input_rules;
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
mod revocation;
mod security;
mod server_fns;
mod session;
mod session_expiry;
mod unread;
mod write_budget;
