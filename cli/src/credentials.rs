//! Which server, and which token: `PAPO_SERVER` (or `--server`) and
//! `PAPO_TOKEN` override the saved login.

use domain::Nickname;

use crate::{error::CliError, saved_login::SavedLogin, server_url::ServerUrl, token::Token};

/// What a command talks to the server with.
#[derive(Debug)]
pub struct Credentials {
    pub server: ServerUrl,
    pub token: Token,
    /// Who that is, when known (the saved login knows; `PAPO_TOKEN` does not).
    pub name: Option<Nickname>,
}

/// The saved login's token is only ever sent to the server it was made
/// for: naming another server without `PAPO_TOKEN` is an error.
pub fn resolve(
    server: Option<ServerUrl>,
    env_token: Option<Token>,
    saved: Option<SavedLogin>,
) -> Result<Credentials, CliError> {
    match (server, env_token, saved) {
        (Some(server), Some(token), saved) => {
            let name = saved.filter(|s| s.server == server && s.token == token);
            Ok(Credentials {
                server,
                token,
                name: name.map(|s| s.name),
            })
        }
        (None, Some(token), Some(saved)) => Ok(Credentials {
            name: (saved.token == token).then_some(saved.name),
            server: saved.server,
            token,
        }),
        (None, Some(_), None) => Err(CliError::NotLoggedIn(
            "PAPO_TOKEN is set, but not which server: set PAPO_SERVER too".into(),
        )),
        (Some(server), None, Some(saved)) if saved.server != server => {
            Err(CliError::NotLoggedIn(format!(
                "not logged in to {server} (only to {}): run `papo login --server {server}`, \
                 or set PAPO_TOKEN",
                saved.server
            )))
        }
        (_, None, Some(saved)) => Ok(Credentials {
            server: saved.server,
            token: saved.token,
            name: Some(saved.name),
        }),
        (_, None, None) => Err(CliError::NotLoggedIn(
            "not logged in: run `papo login --server URL`, or set PAPO_SERVER and PAPO_TOKEN"
                .into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> ServerUrl {
        ServerUrl::parse(s).unwrap()
    }

    fn token(s: &str) -> Token {
        Token::parse(s).unwrap()
    }

    fn saved() -> SavedLogin {
        SavedLogin {
            server: url("http://a"),
            name: Nickname::parse("ana").unwrap(),
            token: token("saved"),
            token_id: None,
        }
    }

    #[test]
    fn the_saved_login_is_used_by_default() {
        let found = resolve(None, None, Some(saved())).unwrap();
        assert_eq!(found.server, url("http://a"));
        assert_eq!(found.token, token("saved"));
        assert_eq!(found.name.unwrap().as_str(), "ana");
        assert!(resolve(Some(url("http://a/")), None, Some(saved())).is_ok());
    }

    #[test]
    fn the_environment_overrides_it() {
        let found = resolve(Some(url("http://b")), Some(token("env")), Some(saved())).unwrap();
        assert_eq!(found.server, url("http://b"));
        assert_eq!(found.token, token("env"));
        assert!(found.name.is_none());
        let token_only = resolve(None, Some(token("env")), Some(saved())).unwrap();
        assert_eq!(token_only.server, url("http://a"));
        assert_eq!(token_only.token, token("env"));
    }

    #[test]
    fn a_saved_token_never_goes_to_another_server() {
        let other = resolve(Some(url("http://b")), None, Some(saved()));
        assert!(matches!(other, Err(CliError::NotLoggedIn(_))));
    }

    #[test]
    fn nothing_to_go_on_is_not_logged_in() {
        assert!(matches!(
            resolve(None, None, None),
            Err(CliError::NotLoggedIn(_))
        ));
        assert!(matches!(
            resolve(None, Some(token("t")), None),
            Err(CliError::NotLoggedIn(_))
        ));
    }
}
