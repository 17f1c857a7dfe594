//! A password someone chose for their account.

use std::fmt;

use super::ValidationError;

/// A password that meets papo's policy: 10 to 256 characters and, in the
/// server build, not one of the well-known common passwords (the check
/// needs a large list, which the browser does not download).
///
/// It is never serialized, and its `Debug` output is redacted, so it cannot
/// end up in a response or a log line by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 10;
    /// Bounds the hashing work one request can cause.
    pub const MAX_CHARS: usize = 256;

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(ValidationError::PasswordTooShort {
                min: Self::MIN_CHARS,
            });
        }
        if chars > Self::MAX_CHARS {
            return Err(ValidationError::PasswordTooLong {
                max: Self::MAX_CHARS,
            });
        }
        #[cfg(feature = "common-passwords")]
        if passwords::analyzer::is_common_password(raw)
            || passwords::analyzer::is_common_password(raw.to_lowercase())
        {
            return Err(ValidationError::PasswordTooCommon);
        }
        Ok(Self(raw.to_owned()))
    }

    /// The secret itself, for hashing or verifying only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_ten_characters() {
        assert_eq!(
            Password::parse("short-pw1"),
            Err(ValidationError::PasswordTooShort { min: 10 })
        );
        assert!(
            Password::parse("çççççççççç").is_ok(),
            "characters, not bytes"
        );
    }

    #[test]
    fn has_an_upper_bound() {
        assert_eq!(
            Password::parse(&"x".repeat(257)),
            Err(ValidationError::PasswordTooLong { max: 256 })
        );
    }

    #[cfg(feature = "common-passwords")]
    #[test]
    fn refuses_common_passwords_in_any_case() {
        for common in [
            "1234567890",
            "qwertyuiop",
            "password123",
            "PASSWORD123",
            "iloveyou12",
        ] {
            assert_eq!(
                Password::parse(common),
                Err(ValidationError::PasswordTooCommon),
                "{common}"
            );
        }
        assert!(Password::parse("correct horse battery staple").is_ok());
    }

    #[test]
    fn never_shows_itself_in_debug_output() {
        let secret = Password::parse("a very secret phrase").unwrap();
        assert!(!format!("{secret:?}").contains("secret phrase"));
    }
}
