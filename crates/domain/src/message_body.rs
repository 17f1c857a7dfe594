//! The text of a message, as a person typed it.

use serde::{Deserialize, Serialize};

use super::ValidationError;

/// A message body that is known to be sendable: at most
/// [`MessageBody::MAX_CHARS`] characters as sent, not blank, without NUL
/// (PostgreSQL's text cannot hold it); stored with surrounding whitespace
/// trimmed. It is plain text: the UI renders it as text, never as HTML.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MessageBody(String);

impl MessageBody {
    pub const MIN_CHARS: usize = 1;
    pub const MAX_CHARS: usize = 4_000;
    /// What [`MessageBody::parse`] accepts, given at most `MAX_CHARS`.
    pub const PATTERN: &'static str = concat!(
        r"^[^\u0000]*[^\u0000",
        super::pattern::whitespace!(),
        r"][^\u0000]*$"
    );

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        if raw.chars().count() > Self::MAX_CHARS {
            return Err(ValidationError::BodyTooLong {
                max: Self::MAX_CHARS,
            });
        }
        if raw.contains('\0') {
            return Err(ValidationError::BodyNul);
        }
        let body = raw.trim();
        if body.is_empty() {
            return Err(ValidationError::BodyEmpty);
        }
        Ok(Self(body.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for MessageBody {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<MessageBody> for String {
    fn from(value: MessageBody) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_inner_whitespace_and_trims_the_ends() {
        let body = MessageBody::parse("  oi\n  tudo bem?  \n").unwrap();
        assert_eq!(body.as_str(), "oi\n  tudo bem?");
    }

    #[test]
    fn refuses_empty_and_whitespace_only() {
        assert_eq!(MessageBody::parse(""), Err(ValidationError::BodyEmpty));
        assert_eq!(
            MessageBody::parse(" \n\t "),
            Err(ValidationError::BodyEmpty)
        );
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(MessageBody::parse(&"ç".repeat(4_000)).is_ok());
        assert_eq!(
            MessageBody::parse(&"ç".repeat(4_001)),
            Err(ValidationError::BodyTooLong { max: 4_000 })
        );
    }

    #[test]
    fn counts_surrounding_whitespace_and_refuses_nul() {
        let padded = format!("{}\n", "x".repeat(4_000));
        assert_eq!(
            MessageBody::parse(&padded),
            Err(ValidationError::BodyTooLong { max: 4_000 })
        );
        assert_eq!(MessageBody::parse("a\0b"), Err(ValidationError::BodyNul));
    }

    #[test]
    fn markup_is_kept_as_text() {
        let raw = "<script>alert(1)</script>";
        assert_eq!(MessageBody::parse(raw).unwrap().as_str(), raw);
    }
}
