//! Where the papo server is: an `http` or `https` URL.

use std::fmt;

use serde::{Deserialize, Serialize};
use url::Url;

/// The server's base URL, as the person gave it, without a trailing slash
/// (papo may be served under a path, behind a proxy).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ServerUrl(Url);

impl ServerUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let invalid = || format!("{raw:?} is not a server address like https://chat.example.com");
        let mut url = Url::parse(raw.trim()).map_err(|_| invalid())?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(invalid());
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid());
        }
        let path = url.path().trim_end_matches('/').to_owned();
        url.set_path(&path);
        Ok(Self(url))
    }

    /// The URL of `path` under the API, e.g. `channels/general/messages`.
    pub fn api(&self, path: &str) -> Url {
        let mut url = self.0.clone();
        let base = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{base}/api/v1/{path}"));
        url
    }
}

impl TryFrom<String> for ServerUrl {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ServerUrl> for String {
    fn from(value: ServerUrl) -> Self {
        value.to_string()
    }
}

impl fmt::Display for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str().trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths_go_under_the_base() {
        let plain = ServerUrl::parse("http://127.0.0.1:3000/").unwrap();
        assert_eq!(plain.to_string(), "http://127.0.0.1:3000");
        assert_eq!(
            plain.api("channels").as_str(),
            "http://127.0.0.1:3000/api/v1/channels"
        );
        let proxied = ServerUrl::parse("https://example.com/chat/").unwrap();
        assert_eq!(proxied.to_string(), "https://example.com/chat");
        assert_eq!(
            proxied.api("events").as_str(),
            "https://example.com/chat/api/v1/events"
        );
    }

    #[test]
    fn refuses_what_is_not_an_http_server() {
        for bad in ["", "localhost:3000", "ftp://x", "http://", "http://x/?a=1"] {
            assert!(ServerUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
