//! Who is speaking.

use serde::{Deserialize, Serialize};

use super::Nickname;

/// A person as other people see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub name: Nickname,
}

/// The signed-in person behind a request, resolved by the server from the
/// session cookie or the `Authorization: Bearer` token. The server puts it in
/// the request's extensions; nothing a client sends in a body can set it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viewer {
    /// The database id of the user; never shown to clients.
    pub user_id: i64,
    pub name: Nickname,
    /// A registered account (with a password), rather than a guest.
    pub registered: bool,
}

impl Viewer {
    pub fn user(&self) -> User {
        User {
            name: self.name.clone(),
        }
    }
}
