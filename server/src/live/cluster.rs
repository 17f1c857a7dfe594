//! What instances sharing one PostgreSQL tell each other besides durable
//! events: who is online, and ephemeral events such as typing.
//!
//! Presence has to be counted across instances: someone with a tab on A
//! and another on B is online until both are closed. Each instance counts
//! its own feeds ([`crate::live::presence::Presence`]) and tells the database
//! only when a person gets their first feed here or loses their last one
//! (after the grace period). The database decides whether that changes
//! the person's presence anywhere and, if so, notifies every instance,
//! this one included; each then updates its picture of who is online and
//! tells its own feeds ([`crate::live::log_follower`] hears the notices).
//!
//! Ephemeral events travel as notifications too, so that every instance's
//! feeds get them the same way. They are not stored: an instance that is
//! not listening at that moment misses them, as a feed that falls behind
//! does.
//!
//! An instance beats every [`HEARTBEAT_EVERY`] (`chat::ChatService::keep_alive`);
//! the database keeps the instances' state ([`crate::store::cluster::Cluster`]). One that stops beating for
//! [`crate::store::cluster::STALE_AFTER`] (it crashed, or lost the database) is taken for dead by
//! the others: its people are gone from it, and whoever has no feed left
//! anywhere goes offline. If it was alive after all, it registers itself
//! and its people again at its next beat.

use std::time::Duration;

use domain::Nickname;
use serde::Deserialize;

/// How often an instance tells the others it is alive.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(5);

/// A person came online or went offline (on every instance at once), as
/// the migration `0005_presence.sql` announces it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PresenceNotice {
    pub user_id: i64,
    pub name: Nickname,
    pub online: bool,
}

impl PresenceNotice {
    pub fn parse(payload: &str) -> Option<Self> {
        serde_json::from_str(payload).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_presence_notice_is_read_as_the_migration_writes_it() {
        let notice =
            PresenceNotice::parse(r#"{"user_id" : 7, "name" : "Ana", "online" : false}"#).unwrap();
        assert_eq!(
            notice,
            PresenceNotice {
                user_id: 7,
                name: Nickname::parse("Ana").unwrap(),
                online: false
            }
        );
        assert_eq!(
            PresenceNotice::parse(r#"{"user_id":7,"name":"a b","online":true}"#),
            None,
            "not a nickname"
        );
    }
}
