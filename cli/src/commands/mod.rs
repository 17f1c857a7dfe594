//! One module per command; each turns its arguments into API calls and
//! lines of output.

mod channels;
mod history;
mod login;
mod logout;
mod send;
mod tail;
mod whoami;

use domain::Nickname;

use crate::{
    api::Api,
    args::{Cli, Command},
    credentials::{self, Credentials},
    error::CliError,
    saved_login,
    server_url::ServerUrl,
    token::Token,
};

pub async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Login(args) => login::run(cli.server, args).await,
        Command::Logout(_) => logout::run().await,
        Command::Send(args) => {
            let (api, _) = connect(cli.server)?;
            send::run(&api, args).await
        }
        Command::Tail(args) => {
            let (api, me) = connect(cli.server)?;
            tail::run(&api, me, args).await
        }
        Command::Channels(args) => {
            let (api, me) = connect(cli.server)?;
            channels::run(&api, me, args).await
        }
        Command::History(args) => {
            let (api, me) = connect(cli.server)?;
            history::run(&api, me, args).await
        }
        Command::Whoami(args) => {
            let (api, _) = connect(cli.server)?;
            whoami::run(&api, args).await
        }
    }
}

/// The API with the token to use, and whose it is (when known).
fn connect(server: Option<ServerUrl>) -> Result<(Api, Option<Nickname>), CliError> {
    let env_token = std::env::var("PAPO_TOKEN")
        .ok()
        .and_then(|t| Token::parse(&t));
    // With both variables set the saved login is not needed, not even
    // readable.
    let saved = match saved_login::load() {
        Ok(saved) => saved,
        Err(_) if server.is_some() && env_token.is_some() => None,
        Err(e) => return Err(e),
    };
    let Credentials {
        server,
        token,
        name,
    } = credentials::resolve(server, env_token, saved)?;
    Ok((Api::new(server, Some(token)), name))
}
