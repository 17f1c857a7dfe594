//! Whether the cookies papo sets are `Secure`, request by request.
//!
//! `PAPO_SECURE_COOKIES=auto` (the default) makes them `Secure` whenever
//! papo sees the request arrive over HTTPS, so that the safe choice needs
//! no setting. papo itself serves plain HTTP; HTTPS ends at a reverse
//! proxy, which says so in `X-Forwarded-Proto`. That header is believed
//! only from a proxy of `PAPO_TRUSTED_PROXIES`, as `X-Forwarded-For` is
//! (see [`crate::http::client_address`]): anyone else could send it. `true` and
//! `false` decide for every request (`true` for a proxy papo cannot
//! trust by address, such as one on a changing address).
//!
//! The answer goes into the request's extensions as
//! [`SecureCookies`], which the session cookie's name and attributes
//! follow (see [`crate::chat::session`]), when it is set, read and cleared.

use std::net::SocketAddr;

use app::backend::SecureCookies;
use axum::{
    extract::{ConnectInfo, Request, State},
    http::HeaderMap,
    middleware::Next,
    response::Response,
};

use crate::http::client_address::TrustedProxies;

/// `PAPO_SECURE_COOKIES`: `auto`, or `true`/`false` for every request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CookieSecurity {
    /// `Secure` when a trusted proxy says the request came over HTTPS.
    #[default]
    Auto,
    Always,
    Never,
}

impl CookieSecurity {
    /// `auto`, or a yes/no word as papo's other switches take them
    /// (`true`, `false`, `yes`, `off`, `1`, ...).
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Self::Auto),
            "y" | "yes" | "t" | "true" | "on" | "1" => Ok(Self::Always),
            "n" | "no" | "f" | "false" | "off" | "0" => Ok(Self::Never),
            _ => Err(format!("{raw:?} is not auto, true or false")),
        }
    }
}

/// What [`decide`] needs: the setting and whom to believe.
#[derive(Clone, Debug)]
pub struct CookiePolicy {
    pub security: CookieSecurity,
    pub proxies: TrustedProxies,
}

/// Puts [`SecureCookies`] into the request's extensions. Runs before
/// `client_address::resolve`, while `ConnectInfo` is still the TCP peer.
pub async fn decide(
    State(policy): State<CookiePolicy>,
    mut request: Request,
    next: Next,
) -> Response {
    let secure = match policy.security {
        CookieSecurity::Always => true,
        CookieSecurity::Never => false,
        CookieSecurity::Auto => {
            let peer = request
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(peer)| peer.ip());
            peer.is_some_and(|peer| policy.proxies.trusts(peer))
                && forwarded_over_https(request.headers())
        }
    };
    request.extensions_mut().insert(SecureCookies(secure));
    next.run(request).await
}

/// Whether `X-Forwarded-Proto` says `https`. Of a list (proxies that
/// append), the last value: the one the trusted proxy itself wrote.
fn forwarded_over_https(headers: &HeaderMap) -> bool {
    headers
        .get_all("x-forwarded-proto")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .next_back()
        .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_is_auto_or_a_yes_or_no() {
        assert_eq!(CookieSecurity::parse("auto"), Ok(CookieSecurity::Auto));
        assert_eq!(CookieSecurity::parse("true"), Ok(CookieSecurity::Always));
        assert_eq!(CookieSecurity::parse("1"), Ok(CookieSecurity::Always));
        assert_eq!(CookieSecurity::parse("false"), Ok(CookieSecurity::Never));
        assert_eq!(CookieSecurity::parse("off"), Ok(CookieSecurity::Never));
        let error = CookieSecurity::parse("sometimes").unwrap_err();
        assert!(error.contains("auto, true or false"), "{error}");
    }

    #[test]
    fn the_proxy_nearest_papo_has_the_last_word() {
        let headers = |values: &[&'static str]| -> HeaderMap {
            values
                .iter()
                .map(|v| ("x-forwarded-proto".parse().unwrap(), v.parse().unwrap()))
                .collect()
        };
        assert!(forwarded_over_https(&headers(&["https"])));
        assert!(forwarded_over_https(&headers(&["HTTPS"])));
        assert!(forwarded_over_https(&headers(&["http, https"])));
        assert!(!forwarded_over_https(&headers(&["https, http"])));
        assert!(!forwarded_over_https(&headers(&["https", "http"])));
        assert!(!forwarded_over_https(&headers(&[])));
    }
}
