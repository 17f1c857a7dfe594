//! Ending live feeds whose credential stops being valid.
//!
//! A feed is authorized when it connects; signing out, signing out
//! everywhere, or revoking an API token must also end the feeds already
//! open with that credential, at once. The use cases announce each
//! revocation on the hub and every feed checks it against its own
//! [`Credential`].

use chrono::{DateTime, Utc};

use crate::store::TokenHash;

/// What a request was authenticated with (server-side only; the secret
/// itself is not kept, only its hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    Session {
        user_id: i64,
        hash: TokenHash,
        /// When the session ends, as of the request (a later request may
        /// renew it).
        expires_at: DateTime<Utc>,
    },
    /// API tokens last until they are revoked.
    ApiToken { hash: TokenHash },
}

impl Credential {
    /// When access granted by this credential ends by itself, if it does.
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        match self {
            Credential::Session { expires_at, .. } => Some(*expires_at),
            Credential::ApiToken { .. } => None,
        }
    }
}

/// A credential, or a set of them, that no longer grants access.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Revocation {
    /// One session ended (signed out).
    Session(TokenHash),
    /// Every session of a user ended (signed out everywhere); their API
    /// tokens stay valid.
    SessionsOf(i64),
    /// A personal API token was revoked.
    ApiToken(TokenHash),
    /// Revocations by other instances may have been missed (the database
    /// connection that announces them dropped and is back): every feed
    /// opened with a credential checks it again, and ends if it is gone.
    Recheck,
}

impl Revocation {
    /// Whether this revocation ends access granted by `credential`.
    pub fn ends(&self, credential: &Credential) -> bool {
        match (self, credential) {
            (Revocation::Session(gone), Credential::Session { hash, .. }) => gone == hash,
            (Revocation::SessionsOf(user), Credential::Session { user_id, .. }) => user == user_id,
            (Revocation::ApiToken(gone), Credential::ApiToken { hash }) => gone == hash,
            _ => false,
        }
    }

    /// A revocation announced by PostgreSQL to every instance, as the
    /// migration `0003_notify_revocations.sql` writes it: `session:<hex>`
    /// or `api_token:<hex>`, the token's SHA-256.
    pub fn from_notice(payload: &str) -> Option<Revocation> {
        let (kind, hex_hash) = payload.split_once(':')?;
        let mut hash: TokenHash = [0; 32];
        hex::decode_to_slice(hex_hash, &mut hash).ok()?;
        match kind {
            "session" => Some(Revocation::Session(hash)),
            "api_token" => Some(Revocation::ApiToken(hash)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_revocation_ends_exactly_its_credentials() {
        let laptop = Credential::Session {
            user_id: 1,
            hash: [1; 32],
            expires_at: Utc::now(),
        };
        let phone = Credential::Session {
            user_id: 1,
            hash: [2; 32],
            expires_at: Utc::now(),
        };
        let bot = Credential::ApiToken { hash: [3; 32] };
        let other = Credential::Session {
            user_id: 2,
            hash: [4; 32],
            expires_at: Utc::now(),
        };

        assert!(Revocation::Session([1; 32]).ends(&laptop));
        assert!(!Revocation::Session([1; 32]).ends(&phone));

        let everywhere = Revocation::SessionsOf(1);
        assert!(everywhere.ends(&laptop) && everywhere.ends(&phone));
        assert!(
            !everywhere.ends(&bot),
            "API tokens survive signing out everywhere"
        );
        assert!(!everywhere.ends(&other));

        assert!(Revocation::ApiToken([3; 32]).ends(&bot));
        assert!(!Revocation::ApiToken([3; 32]).ends(&laptop));
    }

    #[test]
    fn notices_from_the_database_name_one_token() {
        let hex_of_ones = "01".repeat(32);
        assert_eq!(
            Revocation::from_notice(&format!("session:{hex_of_ones}")),
            Some(Revocation::Session([1; 32]))
        );
        assert_eq!(
            Revocation::from_notice(&format!("api_token:{hex_of_ones}")),
            Some(Revocation::ApiToken([1; 32]))
        );
        assert_eq!(Revocation::from_notice("session:0102"), None);
        assert_eq!(
            Revocation::from_notice(&format!("user:{hex_of_ones}")),
            None
        );
        assert_eq!(Revocation::from_notice("nonsense"), None);
    }
}
