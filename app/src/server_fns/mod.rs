//! Server functions: what the UI asks of the server. Each is a thin adapter
//! over [`crate::backend::ChatBackend`]; who is asking always comes from the
//! session, never from the form.

mod accounts;
mod channels;
mod chat;
#[cfg(feature = "ssr")]
mod context;
mod json_or_form;
mod messages;
mod settings;

pub use accounts::*;
pub use channels::*;
pub use chat::*;
pub use domain::json_text::{JsonText, JsonTextEncoding};
pub use json_or_form::JsonOrForm;
pub use messages::*;
pub use settings::*;
