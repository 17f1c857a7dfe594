//! What the end-to-end tests run: a real papo server in this process, and
//! the real `papo` binary in a throwaway home.

mod papo;
mod server;

pub use papo::{Home, PASSWORD};
pub use server::{Database, Server};
