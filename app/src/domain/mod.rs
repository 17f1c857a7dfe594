//! Domain types shared by the browser and the server. They derive serde and
//! nothing server-only; each `parse` is the one door in for outside input.

mod channel_name;
mod message;
mod message_body;
mod nickname;
mod page_limit;
mod user;
mod validation;

pub use channel_name::ChannelName;
pub use message::{insert_in_order, Message, MessageId};
pub use message_body::MessageBody;
pub use nickname::Nickname;
pub use page_limit::PageLimit;
pub use user::{User, Viewer};
pub use validation::ValidationError;
