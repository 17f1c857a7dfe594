//! The name someone gives a personal API token ("ci bot", "laptop cli").

use serde::{Deserialize, Serialize};

use super::ValidationError;

/// 1–64 characters as sent, not blank, without control characters; stored
/// trimmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TokenLabel(String);

impl TokenLabel {
    pub const MIN_CHARS: usize = 1;
    pub const MAX_CHARS: usize = 64;
    /// What [`TokenLabel::parse`] accepts, given at most `MAX_CHARS`.
    pub const PATTERN: &'static str = concat!(
        "^[^",
        super::pattern::control!(),
        "]*[^",
        super::pattern::control!(),
        super::pattern::whitespace!(),
        "][^",
        super::pattern::control!(),
        "]*$"
    );

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        if raw.chars().count() > Self::MAX_CHARS || raw.chars().any(char::is_control) {
            return Err(ValidationError::TokenLabelInvalid {
                max: Self::MAX_CHARS,
            });
        }
        let label = raw.trim();
        if label.is_empty() {
            return Err(ValidationError::TokenLabelEmpty);
        }
        Ok(Self(label.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TokenLabel {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<TokenLabel> for String {
    fn from(value: TokenLabel) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_keeps_ordinary_text() {
        assert_eq!(TokenLabel::parse("  ci bot ").unwrap().as_str(), "ci bot");
    }

    #[test]
    fn refuses_blank_long_and_control_characters() {
        assert_eq!(
            TokenLabel::parse("  "),
            Err(ValidationError::TokenLabelEmpty)
        );
        assert!(TokenLabel::parse(&"x".repeat(65)).is_err());
        assert!(TokenLabel::parse("a\u{0}b").is_err());
        assert!(
            TokenLabel::parse("\tci").is_err(),
            "a tab is a control character"
        );
    }
}
