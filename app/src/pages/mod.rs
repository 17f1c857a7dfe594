//! One module per route.

pub mod admin;
pub mod browse;
pub mod chat;
pub mod login;
pub mod settings;
