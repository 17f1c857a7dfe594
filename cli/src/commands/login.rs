//! `papo login`: sign in (or register, or join as a guest), trade the
//! session for a personal API token labelled after this machine, and save
//! that token. The session itself is closed again.

use domain::{NewApiToken, Nickname, Password, TokenLabel, User};
use serde::{Deserialize, Serialize};

use crate::{
    api::Api,
    args::LoginArgs,
    error::CliError,
    output::{notice, Output},
    prompt,
    saved_login::{self, SavedLogin},
    server_url::ServerUrl,
    token::Token,
};

/// `POST /api/v1/session` and `POST /api/v1/users`.
#[derive(Serialize)]
struct SignIn<'a> {
    name: &'a Nickname,
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<&'a str>,
}

/// Their answer.
#[derive(Deserialize)]
struct Session {
    user: User,
    token: Token,
}

#[derive(Serialize)]
struct TokenRequest {
    label: TokenLabel,
}

pub async fn run(server: Option<ServerUrl>, args: LoginArgs) -> Result<(), CliError> {
    let previous = saved_login::load().ok().flatten();
    let server = server
        .or_else(|| previous.as_ref().map(|p| p.server.clone()))
        .ok_or_else(|| {
            CliError::Usage("which server? papo login --server https://chat.example.com".into())
        })?;
    let name = match args.name {
        Some(name) => name,
        None => {
            let typed = prompt::line("name: ", "give your name with --name")?;
            Nickname::parse(&typed).map_err(|e| CliError::Usage(e.to_string()))?
        }
    };
    let api = Api::new(server.clone(), None);
    let login = if args.guest {
        join_as_guest(&api, &name).await?
    } else {
        sign_in(&api, &name, args.register).await?
    };
    let path = saved_login::save(&login)?;
    if let Some(previous) = previous.filter(|p| p.server == login.server) {
        forget(&api, previous).await;
    }
    let mut out = Output::new();
    out.line(&format!("Logged in to {server} as {}.", login.name))?;
    out.line(&format!("The token is saved in {}.", path.display()))
}

async fn join_as_guest(api: &Api, name: &Nickname) -> Result<SavedLogin, CliError> {
    let request = SignIn {
        name,
        password: None,
    };
    let session: Session = api
        .post("session", &request, &format!("joining as {name}"))
        .await?;
    Ok(SavedLogin {
        server: api.server.clone(),
        name: session.user.name,
        token: session.token,
        token_id: None,
    })
}

async fn sign_in(api: &Api, name: &Nickname, register: bool) -> Result<SavedLogin, CliError> {
    let password = prompt::password(&format!("password for {name} on {}: ", api.server))?;
    let (path, context) = if register {
        // Checked here too, to say so before anything is sent.
        Password::parse(&password).map_err(|e| CliError::Usage(e.to_string()))?;
        ("users", format!("registering {name}"))
    } else {
        ("session", format!("signing in as {name}"))
    };
    let request = SignIn {
        name,
        password: Some(&password),
    };
    let session: Session = api.post(path, &request, &context).await?;
    let signed_in = api.with_token(session.token);
    let request = TokenRequest {
        label: token_label(),
    };
    let created: NewApiToken = signed_in
        .post("tokens", &request, "creating a token for papo")
        .await?;
    // The session only led to the token.
    let _ = signed_in.delete("session", "closing the session").await;
    let token = Token::parse(&created.token)
        .ok_or_else(|| CliError::Protocol("the server created an empty token".into()))?;
    Ok(SavedLogin {
        server: api.server.clone(),
        name: session.user.name,
        token,
        token_id: Some(created.id),
    })
}

/// Revokes the token of a login that a new one replaced; a failure only
/// leaves an unused token behind (listed in the settings page).
async fn forget(api: &Api, previous: SavedLogin) {
    let context = "revoking the previous token";
    let api = api.with_token(previous.token);
    let revoked = match previous.token_id {
        Some(id) => api.delete(&format!("tokens/{id}"), context).await,
        None => api.delete("session", context).await,
    };
    if let Err(CliError::Unreachable { .. } | CliError::Refused { .. }) = revoked {
        notice(
            "the previous login's token could not be revoked; it is still listed in your settings",
        );
    }
}

/// "papo cli on <this machine>", as long as a label may be.
fn token_label() -> TokenLabel {
    let host = gethostname::gethostname().to_string_lossy().into_owned();
    let label: String = format!("papo cli on {host}")
        .chars()
        .take(TokenLabel::MAX_CHARS)
        .collect();
    TokenLabel::parse(&label)
        .or_else(|_| TokenLabel::parse("papo cli"))
        .expect("\"papo cli\" is a valid label")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_labelled_after_this_machine() {
        let label = token_label();
        assert!(label.as_str().starts_with("papo cli"));
        assert!(label.as_str().chars().count() <= TokenLabel::MAX_CHARS);
    }
}
