//! Where a channel lives in the browser.

use crate::domain::ChannelName;

/// The address of channel `name`: `/` for #general, `/c/{name}` otherwise.
pub fn channel_href(name: &ChannelName) -> String {
    if name.as_str() == ChannelName::GENERAL {
        "/".to_owned()
    } else {
        format!("/c/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn general_lives_at_the_root() {
        assert_eq!(channel_href(&ChannelName::general()), "/");
        assert_eq!(channel_href(&ChannelName::parse("dev").unwrap()), "/c/dev");
    }
}
