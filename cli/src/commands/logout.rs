//! `papo logout`: revoke the saved token on the server, and forget it here.

use crate::{
    api::Api,
    error::CliError,
    output::{notice, Output},
    saved_login,
};

pub async fn run() -> Result<(), CliError> {
    let Some(saved) = saved_login::load()? else {
        notice("not logged in");
        return Ok(());
    };
    let api = Api::new(saved.server.clone(), Some(saved.token));
    let context = "revoking the token";
    let revoked = match saved.token_id {
        Some(id) => api.delete(&format!("tokens/{id}"), context).await,
        None => api.delete("session", context).await,
    };
    saved_login::remove()?;
    match revoked {
        // A token the server no longer knows is as good as revoked.
        Ok(()) | Err(CliError::NotLoggedIn(_)) => {
            Output::new().line(&format!("Logged out of {}.", saved.server))
        }
        Err(e) => {
            notice("the login is forgotten here, but its token may still work");
            Err(e)
        }
    }
}
