//! The secret a request is made with.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A session token or personal API token (`papo_pat_…`), sent as
/// `Authorization: Bearer`. Its `Debug` is redacted.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Token(String);

impl Token {
    /// `None` for an empty or blank value (an unset variable in a script).
    pub fn parse(raw: &str) -> Option<Self> {
        let token = raw.trim();
        (!token.is_empty()).then(|| Self(token.to_owned()))
    }

    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_no_token_and_debug_hides_it() {
        assert!(Token::parse("  ").is_none());
        let token = Token::parse(" papo_pat_x\n").unwrap();
        assert_eq!(token.secret(), "papo_pat_x");
        assert!(!format!("{token:?}").contains("papo_pat_x"));
    }
}
