//! Who a new direct conversation is with.

use super::{Nickname, ValidationError};

/// The other people of a DM: 1 to [`DmMembers::MAX_PEOPLE`]` - 1` distinct
/// names (the person opening it makes up the rest), in the order given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DmMembers(Vec<Nickname>);

impl DmMembers {
    /// A DM holds at most this many people, its opener included.
    pub const MAX_PEOPLE: usize = 8;
    /// The longest list of names [`DmMembers::parse`] reads: one per other
    /// person (naming the opener too, or someone twice, takes a place).
    pub const MAX_NAMES: usize = Self::MAX_PEOPLE - 1;

    /// `raw` names, from a JSON list or split from a form field. Reading
    /// stops at the first name past [`DmMembers::MAX_NAMES`]: a long list
    /// costs no more than a short one.
    pub fn parse<S: AsRef<str>>(
        raw: impl IntoIterator<Item = S>,
        me: &Nickname,
    ) -> Result<Self, ValidationError> {
        let refused = ValidationError::DmMembers {
            max: Self::MAX_NAMES,
        };
        let mut members: Vec<Nickname> = Vec::new();
        for (read, name) in raw.into_iter().enumerate() {
            if read == Self::MAX_NAMES {
                return Err(refused);
            }
            let name = Nickname::parse(name.as_ref())?;
            // At most MAX_NAMES to compare with: a scan is as cheap as a set.
            if name.key() != me.key() && !members.iter().any(|m| m.key() == name.key()) {
                members.push(name);
            }
        }
        if members.is_empty() {
            return Err(refused);
        }
        Ok(Self(members))
    }

    /// Splits a form field such as `"bob, cy"` on commas and spaces.
    pub fn parse_list(raw: &str, me: &Nickname) -> Result<Self, ValidationError> {
        let names = raw
            .split(|c: char| c == ',' || c.is_whitespace())
            .map(|n| n.trim_start_matches('@'))
            .filter(|n| !n.is_empty());
        Self::parse(names, me)
    }

    pub fn names(&self) -> &[Nickname] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn me() -> Nickname {
        Nickname::parse("ana").unwrap()
    }

    #[test]
    fn drops_the_opener_and_repeats() {
        let members = DmMembers::parse_list("@bob, Ana bob cy", &me()).unwrap();
        let names: Vec<&str> = members.names().iter().map(Nickname::as_str).collect();
        assert_eq!(names, ["bob", "cy"]);
    }

    #[test]
    fn needs_someone_else_and_at_most_seven() {
        let max = DmMembers::MAX_PEOPLE - 1;
        assert_eq!(
            DmMembers::parse_list("ana", &me()),
            Err(ValidationError::DmMembers { max })
        );
        let eight: Vec<String> = (0..8).map(|i| format!("u{i}")).collect();
        assert_eq!(
            DmMembers::parse(&eight, &me()),
            Err(ValidationError::DmMembers { max })
        );
        assert!(DmMembers::parse(&eight[..7], &me()).is_ok());
    }

    #[test]
    fn naming_the_opener_takes_a_place() {
        let names = ["ana", "u1", "u2", "u3", "u4", "u5", "u6"];
        assert_eq!(DmMembers::parse(names, &me()).unwrap().names().len(), 6);
        let max = DmMembers::MAX_NAMES;
        assert_eq!(
            DmMembers::parse(["ana", "u1", "u2", "u3", "u4", "u5", "u6", "u7"], &me()),
            Err(ValidationError::DmMembers { max })
        );
    }

    #[test]
    fn stops_reading_at_the_first_name_too_many() {
        let names = (0..).map(|i| {
            assert!(i <= DmMembers::MAX_NAMES, "read name {i}, past the eighth");
            "bob"
        });
        let max = DmMembers::MAX_NAMES;
        assert_eq!(
            DmMembers::parse(names, &me()),
            Err(ValidationError::DmMembers { max })
        );
    }

    #[test]
    fn refuses_bad_names() {
        assert_eq!(
            DmMembers::parse_list("bob <script>", &me()),
            Err(ValidationError::NameInvalidCharacters)
        );
    }
}
