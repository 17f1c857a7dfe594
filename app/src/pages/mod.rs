//! One module per route.

pub mod chat;
