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

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::Duration;
use cookie::{Cookie, SameSite};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::store::TokenHash;

pub const COOKIE_NAME: &str = "papo_session";

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
/// whole site, `Secure` when papo is served over HTTPS.
pub fn cookie(token: &str, secure: bool) -> String {
    Cookie::build((COOKIE_NAME, token.to_owned()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .secure(secure)
        .max_age(cookie::time::Duration::seconds(TTL.num_seconds()))
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

/// The `Set-Cookie` value that makes the browser forget its session.
pub fn expired_cookie(secure: bool) -> String {
    Cookie::build((COOKIE_NAME, ""))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .secure(secure)
        .max_age(cookie::time::Duration::ZERO)
        .build()
        .to_string()
}

/// The `Set-Cookie` value carrying a new API token's secret to the next
/// settings page (see `app::backend::REVEALED_TOKEN_COOKIE`), or clearing it.
pub fn revealed_token_cookie(secret: Option<&str>, secure: bool) -> String {
    let max_age = if secret.is_some() { 60 } else { 0 };
    Cookie::build((
        app::backend::REVEALED_TOKEN_COOKIE,
        secret.unwrap_or_default().to_owned(),
    ))
    .http_only(true)
    .same_site(SameSite::Strict)
    .path("/settings")
    .secure(secure)
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

/// The session token of a request: `Authorization: Bearer <token>` first,
/// then the session cookie.
pub fn token_from_headers(headers: &http::HeaderMap) -> Option<String> {
    if let Some(token) = bearer_token(headers) {
        return Some(token.to_owned());
    }
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == COOKIE_NAME)
        .map(|c| c.value().to_owned())
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

    #[test]
    fn cookie_is_http_only_and_lax() {
        let c = cookie("t", false);
        assert!(c.starts_with("papo_session=t"));
        assert!(c.contains("HttpOnly"));
        assert!(c.contains("SameSite=Lax"));
        assert!(c.contains("Path=/"));
        assert!(!c.contains("Secure"));
        assert!(cookie("t", true).contains("Secure"));
    }

    #[test]
    fn a_revealed_token_cookie_is_strict_short_and_scoped_to_settings() {
        let set = revealed_token_cookie(Some("papo_pat_x"), false);
        for part in [
            "papo_new_token=papo_pat_x",
            "HttpOnly",
            "SameSite=Strict",
            "Path=/settings",
            "Max-Age=60",
        ] {
            assert!(set.contains(part), "{set}");
        }
        assert!(revealed_token_cookie(None, false).contains("Max-Age=0"));
    }

    #[test]
    fn bearer_wins_over_cookie() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            "a=1; papo_session=fromcookie".parse().unwrap(),
        );
        assert_eq!(token_from_headers(&headers).as_deref(), Some("fromcookie"));
        headers.insert(
            http::header::AUTHORIZATION,
            "Bearer frombearer".parse().unwrap(),
        );
        assert_eq!(token_from_headers(&headers).as_deref(), Some("frombearer"));
    }
}
