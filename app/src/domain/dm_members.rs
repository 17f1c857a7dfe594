//! Who a new direct conversation is with.

use super::{Nickname, ValidationError};

/// The other people of a DM: 1 to [`DmMembers::MAX_PEOPLE`]` - 1` distinct
/// names (the person opening it makes up the rest), in the order given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DmMembers(Vec<Nickname>);

impl DmMembers {
    /// A DM holds at most this many people, its opener included.
    pub const MAX_PEOPLE: usize = 8;

    /// `raw` names, from a JSON list or split from a form field.
    pub fn parse<S: AsRef<str>>(raw: &[S], me: &Nickname) -> Result<Self, ValidationError> {
        let mut members: Vec<Nickname> = Vec::new();
        for name in raw {
            let name = Nickname::parse(name.as_ref())?;
            if name.key() != me.key() && !members.iter().any(|m| m.key() == name.key()) {
                members.push(name);
            }
        }
        if members.is_empty() || members.len() >= Self::MAX_PEOPLE {
            return Err(ValidationError::DmMembers {
                max: Self::MAX_PEOPLE - 1,
            });
        }
        Ok(Self(members))
    }

    /// Splits a form field such as `"bob, cy"` on commas and spaces.
    pub fn parse_list(raw: &str, me: &Nickname) -> Result<Self, ValidationError> {
        let names: Vec<&str> = raw
            .split(|c: char| c == ',' || c.is_whitespace())
            .map(|n| n.trim_start_matches('@'))
            .filter(|n| !n.is_empty())
            .collect();
        Self::parse(&names, me)
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
    fn refuses_bad_names() {
        assert_eq!(
            DmMembers::parse_list("bob <script>", &me()),
            Err(ValidationError::NameInvalidCharacters)
        );
    }
}
