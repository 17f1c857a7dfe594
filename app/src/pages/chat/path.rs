//! Which channel a chat URL opens.

/// `/` is #general (`None`); `/c/{name}` is channel `name`. The server
/// decides whether the name exists.
pub fn channel_of(pathname: &str) -> Option<String> {
    let name = pathname.strip_prefix("/c/")?.trim_end_matches('/');
    (!name.is_empty()).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_front_page_is_general_and_c_paths_name_a_channel() {
        assert_eq!(channel_of("/"), None);
        assert_eq!(channel_of("/c/dev"), Some("dev".to_owned()));
        assert_eq!(channel_of("/c/dm-3/"), Some("dm-3".to_owned()));
        assert_eq!(channel_of("/c/"), None);
    }
}
