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
    pub const MIN_CHARS: usize = 1;
    pub const MAX_CHARS: usize = 40;
    /// What [`ChannelName::parse`] accepts, given at most `MAX_CHARS`.
    pub const PATTERN: &'static str = "^[a-z0-9_-]+$";
    /// What [`ChannelName::parse_new`] accepts, given at most `MAX_CHARS`.
    pub const NEW_PATTERN: &'static str = "^(?!dm-)[a-z0-9_-]+$";
    /// The channel everyone is in from the first start.
    pub const GENERAL: &'static str = "general";
    const DIRECT_PREFIX: &'static str = "dm-";

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

    /// A name for a channel someone is creating: `dm-…` is kept for direct
    /// conversations, which are named after their id.
    pub fn parse_new(raw: &str) -> Result<Self, ValidationError> {
        let name = Self::parse(raw)?;
        if name.0.starts_with(Self::DIRECT_PREFIX) {
            return Err(ValidationError::ChannelNameReserved);
        }
        Ok(name)
    }

    /// The name of the direct conversation with database id `id`.
    pub fn direct(id: i64) -> Self {
        Self(format!("{}{id}", Self::DIRECT_PREFIX))
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
    fn new_channels_cannot_look_like_dms() {
        assert_eq!(
            ChannelName::parse_new("dm-7"),
            Err(ValidationError::ChannelNameReserved)
        );
        assert_eq!(ChannelName::direct(7).as_str(), "dm-7");
        assert!(ChannelName::parse_new("dms").is_ok());
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
