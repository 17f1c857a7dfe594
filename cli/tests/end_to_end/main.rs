//! The `papo` command line end to end: the real binary against a real
//! papo server (in this process, on a fresh SQLite database).
//!
//! - `login`: logging in saves a private token; signing in, guests, logout,
//!   `whoami`.
//! - `send_and_tail`: what `send` sends, `tail` prints; `--json`; stdin;
//!   `PAPO_SERVER` and `PAPO_TOKEN`; `history` and `channels`.
//! - `resume`: `tail` reconnects after the server restarts and prints what
//!   was posted meanwhile exactly once.
//! - `errors`: every failure exits non-zero with a clear message; `--help`.

mod errors;
mod login;
mod resume;
mod send_and_tail;
mod support;
