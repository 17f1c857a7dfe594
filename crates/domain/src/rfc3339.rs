//! Reading the RFC 3339 timestamps of messages and tokens (`created_at`,
//! `edited_at`, ...) with `#[serde(deserialize_with)]`.
//!
//! Why not chrono's own `Deserialize`: it parses with chrono's general
//! format parser (every strftime item, RFC 2822 too), which made the release
//! wasm 5 KiB bigger after brotli. papo's server writes these timestamps
//! with chrono's `Serialize` (`2023-11-14T22:13:27Z`), which
//! [`DateTime::parse_from_rfc3339`] reads.

use chrono::{DateTime, Utc};
use serde::{de::Error, Deserialize, Deserializer};

/// A `DateTime<Utc>` field.
pub fn moment<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    parse(&String::deserialize(deserializer)?)
}

/// An `Option<DateTime<Utc>>` field; give it `#[serde(default)]` too, so
/// that a missing field is `None`.
pub fn optional_moment<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(|text| parse(&text))
        .transpose()
}

fn parse<E: Error>(text: &str) -> Result<DateTime<Utc>, E> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(E::custom)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Stamped {
        #[serde(deserialize_with = "moment")]
        at: DateTime<Utc>,
        #[serde(default, deserialize_with = "optional_moment")]
        edited: Option<DateTime<Utc>>,
    }

    #[test]
    fn reads_what_chrono_writes() {
        for at in [
            DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            DateTime::from_timestamp(1_700_000_000, 123_456_000).unwrap(),
        ] {
            let json = format!(
                r#"{{"at":{0},"edited":{0}}}"#,
                serde_json::to_string(&at).unwrap()
            );
            let read: Stamped = serde_json::from_str(&json).unwrap();
            assert_eq!(
                read,
                Stamped {
                    at,
                    edited: Some(at)
                }
            );
        }
    }

    #[test]
    fn a_missing_or_null_optional_moment_is_none() {
        let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        for json in [
            r#"{"at":"2023-11-14T22:13:20Z"}"#,
            r#"{"at":"2023-11-14T22:13:20+00:00","edited":null}"#,
        ] {
            let read: Stamped = serde_json::from_str(json).unwrap();
            assert_eq!(read, Stamped { at, edited: None });
        }
    }

    #[test]
    fn refuses_what_is_not_a_timestamp() {
        assert!(serde_json::from_str::<Stamped>(r#"{"at":"yesterday"}"#).is_err());
    }
}
