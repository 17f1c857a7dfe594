//! Who is online: people with at least one open live feed.
//!
//! A person with several tabs counts once. When their last feed closes
//! they stay online for a grace period, so that a reload (which closes the
//! feed and opens a new one within a second) does not flap offline and
//! back. Presence lives in this process only, like the feeds it counts.

use std::{
    collections::{HashMap, HashSet},
    sync::Mutex,
    time::Duration,
};

use app::domain::Nickname;

/// The default grace period after the last feed closes.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(5);

/// Coming online and going offline is announced live only in channels of
/// at most this many members. Beyond it, everyone would hear of everyone
/// else: 10,000 people connecting to one channel made 50 million presence
/// events (`make bench`, scenario 3). Bigger channels show who is online
/// as of when the page loaded, as Slack limits presence in large ones.
pub const LIVE_MAX_MEMBERS: u32 = 1_000;

struct Entry {
    /// The name's key, to drop it from [`Online::names`] with the entry.
    key: String,
    feeds: usize,
    /// Bumped by every feed that opens, so that an offline timer started
    /// before it knows it is stale.
    generation: u64,
}

/// Who is online, by id (feeds count by id) and by name key (pages ask by
/// name, once per member of a channel, so that lookup is a hash too).
#[derive(Default)]
struct Online {
    users: HashMap<i64, Entry>,
    names: HashSet<String>,
}

pub struct Presence {
    /// A std `Mutex`: it is held only to update the maps, never across an
    /// `.await`.
    online: Mutex<Online>,
    pub grace: Duration,
}

/// What closing a feed started: when `grace` has passed, ask
/// [`Presence::expire`] with this ticket whether the person went offline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OfflineTicket {
    user_id: i64,
    generation: u64,
}

impl Presence {
    pub fn new(grace: Duration) -> Self {
        Self {
            online: Mutex::new(Online::default()),
            grace,
        }
    }

    fn map(&self) -> std::sync::MutexGuard<'_, Online> {
        // A panic while holding this lock cannot leave the map half-updated
        // in a way that matters more than losing presence, so go on.
        self.online.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A feed of `user_id` opened; true when this brings them online.
    pub fn feed_opened(&self, user_id: i64, name: &Nickname) -> bool {
        let mut online = self.map();
        match online.users.get_mut(&user_id) {
            Some(entry) => {
                entry.feeds += 1;
                entry.generation += 1;
                false
            }
            None => {
                let key = name.key();
                online.names.insert(key.clone());
                online.users.insert(
                    user_id,
                    Entry {
                        key,
                        feeds: 1,
                        generation: 0,
                    },
                );
                true
            }
        }
    }

    /// A feed of `user_id` closed; a ticket when it was their last one.
    pub fn feed_closed(&self, user_id: i64) -> Option<OfflineTicket> {
        let mut online = self.map();
        let entry = online.users.get_mut(&user_id)?;
        entry.feeds = entry.feeds.saturating_sub(1);
        (entry.feeds == 0).then_some(OfflineTicket {
            user_id,
            generation: entry.generation,
        })
    }

    /// The grace period of `ticket` is over: true (and forgotten) when no
    /// feed of theirs opened since.
    pub fn expire(&self, ticket: OfflineTicket) -> bool {
        let mut online = self.map();
        let still_gone = online
            .users
            .get(&ticket.user_id)
            .is_some_and(|e| e.feeds == 0 && e.generation == ticket.generation);
        if still_gone {
            if let Some(entry) = online.users.remove(&ticket.user_id) {
                online.names.remove(&entry.key);
            }
        }
        still_gone
    }

    /// Whether someone called `name` is online (or within their grace).
    pub fn is_online(&self, name: &Nickname) -> bool {
        self.map().names.contains(&name.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ana() -> Nickname {
        Nickname::parse("ana").unwrap()
    }

    #[test]
    fn several_tabs_count_once() {
        let presence = Presence::new(DEFAULT_GRACE);
        assert!(presence.feed_opened(1, &ana()));
        assert!(!presence.feed_opened(1, &ana()));
        assert!(presence.feed_closed(1).is_none(), "one tab is still open");
        assert!(presence.is_online(&Nickname::parse("ANA").unwrap()));
    }

    #[test]
    fn the_last_tab_closing_goes_offline_after_the_grace() {
        let presence = Presence::new(DEFAULT_GRACE);
        presence.feed_opened(1, &ana());
        let ticket = presence.feed_closed(1).unwrap();
        assert!(presence.is_online(&ana()), "online during the grace");
        assert!(presence.expire(ticket));
        assert!(!presence.is_online(&ana()));
    }

    #[test]
    fn a_reload_within_the_grace_does_not_flap() {
        let presence = Presence::new(DEFAULT_GRACE);
        presence.feed_opened(1, &ana());
        let ticket = presence.feed_closed(1).unwrap();
        assert!(!presence.feed_opened(1, &ana()), "still online: no event");
        assert!(!presence.expire(ticket), "the old timer is stale");
        assert!(presence.is_online(&ana()));
    }
}
