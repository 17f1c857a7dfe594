//! The name of a channel, as in `#general`.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::ValidationError;

/// A channel name: 1–40 characters of lowercase ASCII letters, digits, `-`
/// and `_` (Slack's rules), so it is safe in a URL path as it stands.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ChannelName(String);

impl ChannelName {
    pub const MAX_CHARS: usize = 40;
    /// The channel everyone is in from the first start.
    pub const GENERAL: &'static str = "general";

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let valid = !raw.is_empty()
            && raw.len() <= Self::MAX_CHARS
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if valid {
            Ok(Self(raw.to_owned()))
        } else {
            Err(ValidationError::ChannelNameInvalid)
        }
    }

    pub fn general() -> Self {
        Self(Self::GENERAL.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ChannelName {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ChannelName> for String {
    fn from(value: ChannelName) -> Self {
        value.0
    }
}

impl fmt::Display for ChannelName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn general_is_a_valid_name() {
        assert_eq!(
            ChannelName::parse("general").unwrap(),
            ChannelName::general()
        );
    }

    #[test]
    fn accepts_slack_style_names() {
        for ok in ["dev", "team-2", "a_b", &"x".repeat(40)] {
            assert!(ChannelName::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_everything_else() {
        for bad in ["", "General", "a b", "../x", "ç", &"x".repeat(41)] {
            assert_eq!(
                ChannelName::parse(bad),
                Err(ValidationError::ChannelNameInvalid),
                "{bad}"
            );
        }
    }
}
