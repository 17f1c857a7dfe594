//! Server functions: what the UI asks of the server. Each is a thin adapter
//! over [`crate::backend::ChatBackend`]; the author of a message always comes
//! from the session, never from the form.

mod accounts;
mod chat;
#[cfg(feature = "ssr")]
mod context;
mod settings;

pub use accounts::*;
pub use chat::*;
pub use settings::*;
