//! # domain — papo's world, as plain data
//!
//! The types the server, the browser's wasm and the CLI share, without
//! Leptos, so that the CLI builds without it. They derive serde and nothing
//! server-only; each `parse` is the one door in for outside input.
//!
//! - the crate root: the domain types (`Nickname`, `MessageBody`,
//!   `Message`, ...).
//! - [`events`]: the live events sent over Server-Sent Events.
//! - [`ChatError`] ([`error`]): the error of the use cases, the API and the
//!   server functions.
//! - [`text`]: the sentences of the refusals, for translation.
//!
//! Features, all off by default: `common-passwords` (the server's password
//! policy), `server-fn` (`ChatError` as a server function's error) and
//! `test-support`.

mod api_token;
mod channel;
mod channel_name;
mod channel_topic;
mod dm_members;
pub mod error;
mod event_id;
pub mod events;
mod flat_channel;
#[cfg(feature = "server-fn")]
pub mod json_text;
mod message;
mod message_body;
mod nickname;
mod page_limit;
mod password;
mod pattern;
mod rfc3339;
#[cfg(feature = "server-fn")]
mod server_fn_error;
mod server_stats;
pub mod text;
mod token_label;
mod user;
mod validation;

pub use api_token::{ApiTokenInfo, NewApiToken};
pub use channel::{ChannelInfo, ChannelKind, ChannelListing, ChannelSummary};
pub use channel_name::ChannelName;
pub use channel_topic::ChannelTopic;
pub use dm_members::DmMembers;
pub use error::ChatError;
pub use event_id::EventId;
#[cfg(any(test, feature = "test-support"))]
pub use message::sample_message;
pub use message::{insert_in_order, replace_in_order, Message, MessageId, MessageRef};
pub use message_body::MessageBody;
pub use nickname::Nickname;
pub use page_limit::PageLimit;
pub use password::Password;
pub use server_stats::{add_sample, StatsSample};
pub use token_label::TokenLabel;
pub use user::{User, Viewer};
pub use validation::ValidationError;
