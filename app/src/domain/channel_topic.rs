//! A channel's topic line.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::ValidationError;

/// One line of up to [`ChannelTopic::MAX_CHARS`] characters, trimmed, with
/// no control characters. An empty topic is no topic ([`ChannelTopic::parse`]
/// answers `None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ChannelTopic(String);

impl ChannelTopic {
    pub const MAX_CHARS: usize = 250;

    pub fn parse(raw: &str) -> Result<Option<Self>, ValidationError> {
        let topic = raw.trim();
        if topic.is_empty() {
            return Ok(None);
        }
        if topic.chars().count() > Self::MAX_CHARS || topic.chars().any(char::is_control) {
            return Err(ValidationError::TopicInvalid {
                max: Self::MAX_CHARS,
            });
        }
        Ok(Some(Self(topic.to_owned())))
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
        for bad in ["two\nlines".to_owned(), "x".repeat(max + 1)] {
            assert_eq!(
                ChannelTopic::parse(&bad),
                Err(ValidationError::TopicInvalid { max })
            );
        }
    }
}
