//! Who may read `/metrics`. Its counters are not names or content, but
//! they move when anyone posts, and watching them while two people talk
//! in private tells when they do: so they are closed unless the operator
//! gives a token for the scraper (`PAPO_METRICS_TOKEN`) or opens them on
//! purpose (`PAPO_METRICS_OPEN=true`, for a papo only the monitoring
//! network reaches). Anyone not let in gets 404, as if there were no
//! `/metrics`: a 401 would tell that there is one worth guessing for.

use std::sync::Arc;

use axum::http::HeaderMap;

use crate::chat::session;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum MetricsAccess {
    /// Neither setting: nobody.
    #[default]
    Closed,
    /// Only `Authorization: Bearer <this>`.
    Token(Arc<str>),
    /// Anyone who reaches papo.
    Open,
}

impl MetricsAccess {
    /// From `PAPO_METRICS_TOKEN` (blank is unset) and `PAPO_METRICS_OPEN`.
    /// With both, the token is asked for: the stricter of the two wins.
    /// The error never repeats the token, which is a secret.
    pub fn from_settings(token: Option<&str>, open: bool) -> Result<Self, String> {
        match token.filter(|token| !token.trim().is_empty()) {
            Some(token) if token.bytes().all(|b| b.is_ascii_graphic()) => {
                Ok(Self::Token(token.into()))
            }
            Some(_) => Err(
                "PAPO_METRICS_TOKEN may hold only visible ASCII characters, no spaces: \
                 a scraper could not send it otherwise"
                    .to_owned(),
            ),
            None if open => Ok(Self::Open),
            None => Ok(Self::Closed),
        }
    }

    /// Whether a request with these headers may read the metrics.
    pub fn lets_in(&self, headers: &HeaderMap) -> bool {
        match self {
            Self::Closed => false,
            Self::Open => true,
            // Compared as hashes, so that how long the comparison takes
            // says nothing about the token.
            Self::Token(expected) => {
                session::bearer_token(headers).map(session::hash) == Some(session::hash(expected))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bearer(token: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", format!("Bearer {token}").parse().unwrap());
        headers
    }

    #[test]
    fn closed_unless_a_setting_says_otherwise() {
        assert_eq!(
            MetricsAccess::from_settings(None, false),
            Ok(MetricsAccess::Closed)
        );
        assert_eq!(
            MetricsAccess::from_settings(Some(" "), false),
            Ok(MetricsAccess::Closed)
        );
        assert_eq!(
            MetricsAccess::from_settings(None, true),
            Ok(MetricsAccess::Open)
        );
        assert!(!MetricsAccess::Closed.lets_in(&bearer("anything")));
        assert!(MetricsAccess::Open.lets_in(&HeaderMap::new()));
    }

    #[test]
    fn a_token_is_asked_for_even_when_open_is_set() {
        let access = MetricsAccess::from_settings(Some("s3cret"), true).unwrap();
        assert!(access.lets_in(&bearer("s3cret")));
        assert!(!access.lets_in(&bearer("s3cre")));
        assert!(!access.lets_in(&HeaderMap::new()));
    }

    #[test]
    fn a_token_no_scraper_could_send_is_refused_without_showing_it() {
        let error = MetricsAccess::from_settings(Some("my secret"), false).unwrap_err();
        assert!(error.contains("PAPO_METRICS_TOKEN"), "{error}");
        assert!(!error.contains("my secret"), "{error}");
    }
}
