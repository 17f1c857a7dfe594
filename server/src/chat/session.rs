//! Session tokens and the session cookie.
//!
//! A token is 256 random bits, given to its owner once (in the cookie and
//! the API response) and stored only as its SHA-256.
//!
//! Hand-written rather than tower-sessions: papo's session holds no data but
//! "who", the same token must also work as an `Authorization: Bearer`
//! credential for the API and the SSE feed, the store must keep only a hash
//! of it, and "sign out everywhere" must find every session of a user —
//! none of which tower-sessions' key-value records provide. What is left is
//! one table and the few functions below.

use app::backend::SecureCookies;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::Duration;
use cookie::{Cookie, SameSite};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::store::TokenHash;

/// The session cookie's name over plain HTTP...
pub const COOKIE_NAME: &str = "papo_session";

/// ...and when it is `Secure`. Browsers take a `__Host-` cookie only from
/// an HTTPS origin, with `Secure`, `Path=/` and no `Domain` (RFC 6265bis),
/// so neither a plain-HTTP page nor a sibling subdomain can plant or
/// overwrite it (which would be session fixation).
pub const SECURE_COOKIE_NAME: &str = "__Host-papo_session";

/// The name the session cookie has in responses that are (or are not)
/// `Secure`, and the only one read from requests of that kind.
pub fn cookie_name(secure: SecureCookies) -> &'static str {
    if secure.0 {
        SECURE_COOKIE_NAME
    } else {
        COOKIE_NAME
    }
}

/// A session lives this long after its last use (sliding expiry), unless
/// `PAPO_SESSION_DAYS` says otherwise.
pub const TTL: Duration = Duration::days(30);

/// A session's expiry is pushed forward at most once in this period, so
/// that ordinary requests do not each write to the database.
pub const EXTEND_EVERY: Duration = Duration::days(1);

/// A new random token and its hash.
pub fn generate() -> (String, TokenHash) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash(&token);
    (token, hash)
}

pub fn hash(token: &str) -> TokenHash {
    Sha256::digest(token.as_bytes()).into()
}

/// The `Set-Cookie` value for `token`: HttpOnly, SameSite=Lax, for the
/// whole site, `Secure` (and so `__Host-`) when papo is served over HTTPS.
pub fn cookie(token: &str, secure: SecureCookies) -> String {
    session_cookie(
        token,
        secure,
        cookie::time::Duration::seconds(TTL.num_seconds()),
    )
}

/// The `Set-Cookie` value that makes the browser forget its session.
pub fn expired_cookie(secure: SecureCookies) -> String {
    session_cookie("", secure, cookie::time::Duration::ZERO)
}

fn session_cookie(value: &str, secure: SecureCookies, max_age: cookie::time::Duration) -> String {
    // No `Domain`: the cookie stays with this host, as `__Host-` requires.
    Cookie::build((cookie_name(secure), value.to_owned()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .secure(secure.0)
        .max_age(max_age)
        .build()
        .to_string()
}

/// The prefix that tells a personal API token from a session token (and
/// lets secret scanners recognise a leaked one).
pub const API_TOKEN_PREFIX: &str = "papo_pat_";

/// A new personal API token and its hash.
pub fn generate_api_token() -> (String, TokenHash) {
    let (secret, _) = generate();
    let token = format!("{API_TOKEN_PREFIX}{secret}");
    let hash = hash(&token);
    (token, hash)
}

/// The `Set-Cookie` value carrying a new API token's secret to the next
/// settings page (see `app::backend::REVEALED_TOKEN_COOKIE`), or clearing it.
pub fn revealed_token_cookie(secret: Option<&str>, secure: SecureCookies) -> String {
    let max_age = if secret.is_some() { 60 } else { 0 };
    Cookie::build((
        app::backend::REVEALED_TOKEN_COOKIE,
        secret.unwrap_or_default().to_owned(),
    ))
    .http_only(true)
    .same_site(SameSite::Strict)
    .path("/settings")
    .secure(secure.0)
    .max_age(cookie::time::Duration::seconds(max_age))
    .build()
    .to_string()
}

/// The token of `Authorization: Bearer <token>`, if any.
pub fn bearer_token(headers: &http::HeaderMap) -> Option<&str> {
    headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// How a request carried the credential that signed it in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Carrier {
    /// `Authorization: Bearer`, which a browser never adds on its own.
    Bearer,
    /// The session cookie, which a browser sends with any request to papo,
    /// whichever site made it.
    Cookie,
}

/// The token a request presents, and how. With an `Authorization` header,
/// its Bearer token or none at all: the cookie is never a fallback, so
/// that a request cannot look like a Bearer request (which the CSRF check
/// lets through) while it is signed in by the cookie. Without one, the
/// session cookie of the name `secure` says.
pub fn presented_token(
    headers: &http::HeaderMap,
    secure: SecureCookies,
) -> Option<(String, Carrier)> {
    if headers.contains_key(http::header::AUTHORIZATION) {
        return bearer_token(headers).map(|token| (token.to_owned(), Carrier::Bearer));
    }
    let name = cookie_name(secure);
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| (c.value().to_owned(), Carrier::Cookie))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_bit_and_distinct() {
        let (a, hash_a) = generate();
        let (b, _) = generate();
        assert_ne!(a, b);
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 32);
        assert_eq!(hash(&a), hash_a);
    }

    const PLAIN: SecureCookies = SecureCookies(false);
    const SECURE: SecureCookies = SecureCookies(true);

    #[test]
    fn cookie_is_http_only_and_lax() {
        let c = cookie("t", PLAIN);
        assert!(c.starts_with("papo_session=t"));
        assert!(c.contains("HttpOnly"));
        assert!(c.contains("SameSite=Lax"));
        assert!(c.contains("Path=/"));
        assert!(!c.contains("Secure"));
    }

    #[test]
    fn a_secure_cookie_is_a_host_cookie() {
        for set in [cookie("t", SECURE), expired_cookie(SECURE)] {
            assert!(set.starts_with("__Host-papo_session="), "{set}");
            assert!(
                set.contains("; Secure") && set.contains("; Path=/"),
                "{set}"
            );
            assert!(!set.contains("Domain"), "{set}");
        }
        assert!(expired_cookie(PLAIN).starts_with("papo_session=;"));
    }

    #[test]
    fn a_revealed_token_cookie_is_strict_short_and_scoped_to_settings() {
        let set = revealed_token_cookie(Some("papo_pat_x"), PLAIN);
        for part in [
            "papo_new_token=papo_pat_x",
            "HttpOnly",
            "SameSite=Strict",
            "Path=/settings",
            "Max-Age=60",
        ] {
            assert!(set.contains(part), "{set}");
        }
        assert!(revealed_token_cookie(None, PLAIN).contains("Max-Age=0"));
    }

    #[test]
    fn the_cookie_is_read_only_without_an_authorization_header() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            "a=1; papo_session=fromcookie".parse().unwrap(),
        );
        assert_eq!(
            presented_token(&headers, PLAIN),
            Some(("fromcookie".to_owned(), Carrier::Cookie))
        );
        headers.insert(
            http::header::AUTHORIZATION,
            "Bearer frombearer".parse().unwrap(),
        );
        assert_eq!(
            presented_token(&headers, PLAIN),
            Some(("frombearer".to_owned(), Carrier::Bearer))
        );
        for not_a_bearer in ["Bearer", "Basic YTpi", "bearer x"] {
            headers.insert(http::header::AUTHORIZATION, not_a_bearer.parse().unwrap());
            assert_eq!(presented_token(&headers, PLAIN), None, "{not_a_bearer}");
        }
    }

    #[test]
    fn only_the_cookie_of_the_requests_kind_is_read() {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::COOKIE, "papo_session=plain".parse().unwrap());
        assert_eq!(presented_token(&headers, SECURE), None);
        headers.insert(
            http::header::COOKIE,
            "papo_session=plain; __Host-papo_session=secure"
                .parse()
                .unwrap(),
        );
        assert_eq!(
            presented_token(&headers, SECURE),
            Some(("secure".to_owned(), Carrier::Cookie))
        );
        assert_eq!(
            presented_token(&headers, PLAIN),
            Some(("plain".to_owned(), Carrier::Cookie))
        );
    }
}
