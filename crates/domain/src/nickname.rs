//! A person's visible name in papo: the guest nickname now, the account name later.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::ValidationError;

/// A nickname that is known to be valid: 1–32 characters, ASCII letters,
/// digits, `_`, `-` and `.`. Whitespace around it is trimmed, but counts
/// towards the 32: what is sent is at most [`Nickname::MAX_CHARS`] long.
///
/// ASCII only on purpose: two names that look alike on screen must compare
/// alike, and Unicode look-alikes (Cyrillic `а` for Latin `a`) would let one
/// person pass for another.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nickname(String);

impl Nickname {
    pub const MIN_CHARS: usize = 1;
    pub const MAX_CHARS: usize = 32;
    /// What [`Nickname::parse`] accepts, given at most `MAX_CHARS`.
    pub const PATTERN: &'static str = concat!(
        "^[",
        super::pattern::whitespace!(),
        "]*[A-Za-z0-9_.-]+[",
        super::pattern::whitespace!(),
        "]*$"
    );

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        if raw.chars().count() > Self::MAX_CHARS {
            return Err(ValidationError::NameTooLong {
                max: Self::MAX_CHARS,
            });
        }
        let name = raw.trim();
        if name.is_empty() {
            return Err(ValidationError::NameEmpty);
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            return Err(ValidationError::NameInvalidCharacters);
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form under which names are unique: `Ana` and `ana` are one person.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl TryFrom<String> for Nickname {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Nickname> for String {
    fn from(value: Nickname) -> Self {
        value.0
    }
}

impl fmt::Display for Nickname {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_letters_digits_and_the_three_marks() {
        for ok in ["ana", "Ana_1", "j.silva", "x-y", "a", &"z".repeat(32)] {
            assert_eq!(Nickname::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn trims_surrounding_whitespace() {
        assert_eq!(Nickname::parse("  ana ").unwrap().as_str(), "ana");
    }

    #[test]
    fn refuses_empty_and_blank() {
        assert_eq!(Nickname::parse(""), Err(ValidationError::NameEmpty));
        assert_eq!(Nickname::parse("   "), Err(ValidationError::NameEmpty));
    }

    #[test]
    fn refuses_more_than_32_characters_as_sent() {
        for long in ["a".repeat(33), format!(" {}", "a".repeat(32))] {
            assert_eq!(
                Nickname::parse(&long),
                Err(ValidationError::NameTooLong { max: 32 })
            );
        }
    }

    #[test]
    fn refuses_spaces_markup_and_look_alikes() {
        for bad in ["ana maria", "<b>", "ana!", "аna", "joão"] {
            assert_eq!(
                Nickname::parse(bad),
                Err(ValidationError::NameInvalidCharacters),
                "{bad}"
            );
        }
    }

    #[test]
    fn key_ignores_case() {
        assert_eq!(Nickname::parse("AnA").unwrap().key(), "ana");
    }

    #[test]
    fn deserializing_validates() {
        assert!(serde_json::from_str::<Nickname>("\"ana\"").is_ok());
        assert!(serde_json::from_str::<Nickname>("\"a b\"").is_err());
    }
}
