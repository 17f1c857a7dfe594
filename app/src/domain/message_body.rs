//! The text of a message, as a person typed it.

use serde::{Deserialize, Serialize};

use super::ValidationError;

/// A message body that is known to be sendable: not blank, at most
/// [`MessageBody::MAX_CHARS`] characters once surrounding whitespace is
/// trimmed. It is plain text: the UI renders it as text, never as HTML.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MessageBody(String);

impl MessageBody {
    pub const MAX_CHARS: usize = 4_000;

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let body = raw.trim();
        if body.is_empty() {
            return Err(ValidationError::BodyEmpty);
        }
        if body.chars().count() > Self::MAX_CHARS {
            return Err(ValidationError::BodyTooLong {
                max: Self::MAX_CHARS,
            });
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
    fn markup_is_kept_as_text() {
        let raw = "<script>alert(1)</script>";
        assert_eq!(MessageBody::parse(raw).unwrap().as_str(), raw);
    }
}
