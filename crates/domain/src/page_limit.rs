//! How many messages one page of history holds.

use super::ValidationError;

/// 1 to [`PageLimit::MAX`] messages; [`PageLimit::DEFAULT`] when not given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageLimit(u32);

impl PageLimit {
    pub const DEFAULT: u32 = 50;
    pub const MIN: u32 = 1;
    pub const MAX: u32 = 200;

    pub fn parse(raw: Option<u32>) -> Result<Self, ValidationError> {
        match raw.unwrap_or(Self::DEFAULT) {
            n @ Self::MIN..=Self::MAX => Ok(Self(n)),
            _ => Err(ValidationError::PageLimitOutOfRange { max: Self::MAX }),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_fifty() {
        assert_eq!(PageLimit::parse(None).unwrap().get(), 50);
    }

    #[test]
    fn accepts_one_to_two_hundred() {
        assert_eq!(PageLimit::parse(Some(1)).unwrap().get(), 1);
        assert_eq!(PageLimit::parse(Some(200)).unwrap().get(), 200);
    }

    #[test]
    fn refuses_zero_and_more_than_two_hundred() {
        for bad in [0, 201, u32::MAX] {
            assert_eq!(
                PageLimit::parse(Some(bad)),
                Err(ValidationError::PageLimitOutOfRange { max: 200 })
            );
        }
    }
}
