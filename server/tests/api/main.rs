//! End-to-end tests of the JSON API and live feeds against a real server.

mod accounts;
mod admin;
mod channels;
mod contract;
mod delivery;
mod direct_messages;
mod edits;
mod events;
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
mod revocation;
mod security;
mod server_fns;
mod session;
mod unread;
