//! `DATABASE_URL`: which database papo runs on, told by the URL's scheme.
//! A scheme papo does not know stops it; before, anything that was not
//! PostgreSQL's was taken as a SQLite file name, and `mysql://db/papo`
//! started papo on a new, empty file under a folder named `mysql:`.

use std::fmt;

/// A database URL of a kind papo supports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite:FILE` or `sqlite://FILE`: one instance, one file.
    Sqlite(String),
    /// `postgres://…` or `postgresql://…`: a database several instances share.
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        if raw.starts_with("sqlite:") {
            Ok(Self::Sqlite(raw.to_owned()))
        } else if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            Ok(Self::Postgres(raw.to_owned()))
        } else {
            // Only the scheme is repeated: the rest may hold a password.
            let given = match scheme(raw) {
                Some(scheme) => format!("not {scheme}:"),
                None => "it has none".to_owned(),
            };
            Err(format!(
                "DATABASE_URL must start with the scheme sqlite: (a file, like \
                 sqlite://data/papo.db), postgres:// or postgresql://; {given}"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Sqlite(url) | Self::Postgres(url) => url,
        }
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The scheme `raw` starts with, as RFC 3986 spells one (a letter, then
/// letters, digits, `+`, `-` or `.`), if it does.
fn scheme(raw: &str) -> Option<&str> {
    let (scheme, _) = raw.split_once(':')?;
    let mut chars = scheme.chars();
    let starts_with_a_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_is_scheme = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts_with_a_letter && rest_is_scheme).then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_and_postgres_urls_are_known() {
        for url in ["sqlite://data/papo.db", "sqlite:papo.db", "sqlite::memory:"] {
            assert_eq!(DatabaseUrl::parse(url), Ok(DatabaseUrl::Sqlite(url.into())));
        }
        for url in ["postgres://db/papo", "postgresql://papo:pw@db:5432/papo"] {
            assert_eq!(
                DatabaseUrl::parse(url),
                Ok(DatabaseUrl::Postgres(url.into()))
            );
        }
    }

    #[test]
    fn another_scheme_is_refused_without_repeating_the_url() {
        let error = DatabaseUrl::parse("mysql://papo:s3cret@db/papo").unwrap_err();
        assert!(error.contains("DATABASE_URL"), "{error}");
        assert!(error.contains("not mysql:"), "{error}");
        assert!(error.contains("sqlite:") && error.contains("postgres://"));
        assert!(!error.contains("s3cret"), "{error}");
        for raw in ["foo://", "data/papo.db", "", "postgres:db"] {
            assert!(DatabaseUrl::parse(raw).is_err(), "{raw}");
        }
        assert!(DatabaseUrl::parse("data/papo.db")
            .unwrap_err()
            .ends_with("it has none"));
    }
}
