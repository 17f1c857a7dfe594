//! # papo — the command-line client
//!
//! `papo login`, `send`, `tail`, `channels`, `history` (and `logout`) over
//! papo's JSON API and live feed. The messages and events are the server's
//! own types, from the `domain` crate (without Leptos).
//!
//! Layout:
//!
//! - [`args`]: the command line (clap), parsed into papo's domain types.
//! - [`commands`]: one module per command.
//! - [`credentials`]: which server and token; `PAPO_SERVER` and
//!   `PAPO_TOKEN` override [`saved_login`], the token `papo login` keeps
//!   (0600) in the config directory.
//! - [`api`]: HTTP requests with the token; [`error`]: every failure as one
//!   [`CliError`] with its exit code.
//! - [`feed`]: following a live feed, resuming with `Last-Event-ID` after a
//!   drop, waiting as [`backoff`] says.
//! - [`render`]: messages and events as readable, colored lines;
//!   [`output`]: stdout for results, stderr for notices.
//! - [`prompt`]: asking for a name or password; [`server_url`], [`token`].

mod api;
mod args;
mod backoff;
mod commands;
mod credentials;
mod error;
mod feed;
mod output;
mod prompt;
mod render;
mod saved_login;
mod server_url;
mod token;

use std::process::ExitCode;

use clap::Parser;

use crate::error::CliError;

fn main() -> ExitCode {
    // Usage errors exit with 2, `--help` and `--version` with 0.
    let cli = args::Cli::parse();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime starts");
    match runtime.block_on(commands::run(cli)) {
        Ok(()) | Err(CliError::OutputClosed) => ExitCode::SUCCESS,
        Err(error) => {
            output::error(&error);
            ExitCode::from(error.exit_code())
        }
    }
}
