//! `papo whoami`: whose token papo uses, on which server
//! (`GET /api/v1/session`).

use domain::User;
use serde::{Deserialize, Serialize};

use crate::{api::Api, args::WhoamiArgs, error::CliError, output::Output};

/// `GET /api/v1/session`'s answer.
#[derive(Deserialize)]
struct Me {
    user: User,
    registered: bool,
}

/// What `--json` prints.
#[derive(Serialize)]
struct Printed<'a> {
    server: String,
    user: &'a User,
    registered: bool,
}

pub async fn run(api: &Api, args: WhoamiArgs) -> Result<(), CliError> {
    let me: Me = api.get("session", &[], "asking who you are").await?;
    let mut out = Output::new();
    if args.json {
        return out.json(&Printed {
            server: api.server.to_string(),
            user: &me.user,
            registered: me.registered,
        });
    }
    let kind = if me.registered { "account" } else { "guest" };
    out.line(&format!("{} ({kind}) on {}", me.user.name, api.server))
}
