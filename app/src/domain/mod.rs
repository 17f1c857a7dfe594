//! Domain types shared by the browser and the server. They derive serde and
//! nothing server-only; each `parse` is the one door in for outside input.

mod api_token;
mod channel;
mod channel_name;
mod channel_topic;
mod dm_members;
mod event_id;
mod flat_channel;
mod message;
mod message_body;
mod nickname;
mod page_limit;
mod password;
mod pattern;
pub(crate) mod rfc3339;
mod server_stats;
mod token_label;
mod user;
mod validation;

pub use api_token::{ApiTokenInfo, NewApiToken};
pub use channel::{ChannelInfo, ChannelKind, ChannelListing, ChannelSummary};
pub use channel_name::ChannelName;
pub use channel_topic::ChannelTopic;
pub use dm_members::DmMembers;
pub use event_id::EventId;
#[cfg(test)]
pub(crate) use message::sample_message;
pub use message::{insert_in_order, replace_in_order, Message, MessageId, MessageRef};
pub use message_body::MessageBody;
pub use nickname::Nickname;
pub use page_limit::PageLimit;
pub use password::Password;
pub use server_stats::{add_sample, StatsSample};
pub use token_label::TokenLabel;
pub use user::{User, Viewer};
pub use validation::ValidationError;
