//! A channel's topic line.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::ValidationError;

/// One line of up to [`ChannelTopic::MAX_CHARS`] characters as sent, with
/// no control characters, stored trimmed. An empty or blank topic is no
/// topic ([`ChannelTopic::parse`] answers `None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ChannelTopic(String);

impl ChannelTopic {
    /// Blank is allowed: it is no topic.
    pub const MIN_CHARS: usize = 0;
    pub const MAX_CHARS: usize = 250;
    /// What [`ChannelTopic::parse`] accepts, given at most `MAX_CHARS`.
    pub const PATTERN: &'static str = concat!("^[^", super::pattern::control!(), "]*$");

    pub fn parse(raw: &str) -> Result<Option<Self>, ValidationError> {
        if raw.chars().count() > Self::MAX_CHARS || raw.chars().any(char::is_control) {
            return Err(ValidationError::TopicInvalid {
                max: Self::MAX_CHARS,
            });
        }
        let topic = raw.trim();
        Ok((!topic.is_empty()).then(|| Self(topic.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ChannelTopic {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)?.ok_or(ValidationError::TopicInvalid {
            max: Self::MAX_CHARS,
        })
    }
}

impl From<ChannelTopic> for String {
    fn from(value: ChannelTopic) -> Self {
        value.0
    }
}

impl fmt::Display for ChannelTopic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_no_topic() {
        assert_eq!(ChannelTopic::parse("   "), Ok(None));
    }

    #[test]
    fn keeps_one_trimmed_line() {
        let topic = ChannelTopic::parse("  release planning ").unwrap().unwrap();
        assert_eq!(topic.as_str(), "release planning");
    }

    #[test]
    fn refuses_long_or_multi_line_topics() {
        let max = ChannelTopic::MAX_CHARS;
        for bad in [
            "two\nlines".to_owned(),
            "x".repeat(max + 1),
            format!("{} ", "x".repeat(max)),
            "trailing newline\n".to_owned(),
        ] {
            assert_eq!(
                ChannelTopic::parse(&bad),
                Err(ValidationError::TopicInvalid { max })
            );
        }
    }
}
