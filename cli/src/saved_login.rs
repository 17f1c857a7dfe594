//! The login `papo login` keeps: `papo/login.toml` in the user's config
//! directory (`$XDG_CONFIG_HOME`, usually `~/.config`), readable by its
//! owner only.

use std::{
    fs,
    io::{self, Write},
    path::{Path, PathBuf},
};

use domain::Nickname;
use serde::{Deserialize, Serialize};

use crate::{error::CliError, server_url::ServerUrl, token::Token};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedLogin {
    pub server: ServerUrl,
    /// Who the token speaks for.
    pub name: Nickname,
    pub token: Token,
    /// The personal API token's id, to revoke it on `papo logout`; none
    /// for a guest's session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_id: Option<i64>,
}

/// Where the login is kept.
pub fn path() -> Result<PathBuf, CliError> {
    dirs::config_dir()
        .map(|dir| dir.join("papo").join("login.toml"))
        .ok_or_else(|| {
            CliError::Usage("no configuration directory: set HOME or XDG_CONFIG_HOME".into())
        })
}

/// The saved login, if there is one.
pub fn load() -> Result<Option<SavedLogin>, CliError> {
    let path = path()?;
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(CliError::io(format!("reading {}", path.display()), e)),
    };
    toml::from_str(&text).map(Some).map_err(|e| {
        CliError::Usage(format!(
            "{} is damaged ({}); run `papo login` again",
            path.display(),
            e.message()
        ))
    })
}

/// Saves `login`, replacing any other; returns where.
pub fn save(login: &SavedLogin) -> Result<PathBuf, CliError> {
    let path = path()?;
    let text = toml::to_string(login).expect("a login always serializes");
    write_private(&path, text.as_bytes())
        .map_err(|e| CliError::io(format!("saving the login in {}", path.display()), e))?;
    Ok(path)
}

/// Forgets the saved login; `false` when there was none.
pub fn remove() -> Result<bool, CliError> {
    let path = path()?;
    match fs::remove_file(&path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(CliError::io(format!("removing {}", path.display()), e)),
    }
}

/// Writes `bytes` to `path` through a file that is created readable by its
/// owner only (0600, in a 0700 directory) and then renamed over `path`: the
/// secret is never readable by others, not even for a moment.
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().expect("the login file is in a directory");
    create_private_dir(dir)?;
    let temporary = path.with_extension("toml.new");
    let _ = fs::remove_file(&temporary);
    let mut file = private_file_options().open(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&temporary, path)
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

fn private_file_options() -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_toml() {
        let login = SavedLogin {
            server: ServerUrl::parse("http://127.0.0.1:3000").unwrap(),
            name: Nickname::parse("ana").unwrap(),
            token: Token::parse("papo_pat_abc").unwrap(),
            token_id: Some(3),
        };
        let text = toml::to_string(&login).unwrap();
        assert!(
            text.contains("server = \"http://127.0.0.1:3000\""),
            "{text}"
        );
        assert_eq!(toml::from_str::<SavedLogin>(&text).unwrap(), login);
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private_from_its_creation() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("papo").join("login.toml");
        write_private(&path, b"one").unwrap();
        write_private(&path, b"two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
    }
}
