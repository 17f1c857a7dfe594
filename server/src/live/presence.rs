//! Who is online: people with at least one open live feed.
//!
//! A person with several tabs counts once. When their last feed closes
//! they stay online for a grace period, so that a reload (which closes the
//! feed and opens a new one within a second) does not flap offline and
//! back. [`Presence`] counts the feeds of this instance; [`Online`] is who
//! is online, which on PostgreSQL includes the feeds of other instances
//! (see [`crate::live::cluster`]).

use std::{
    collections::{HashMap, HashSet},
    sync::Mutex,
    time::Duration,
};

use domain::Nickname;

/// The default grace period after the last feed closes.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(5);

/// Coming online and going offline is announced live only in channels of
/// at most this many members. Beyond it, everyone would hear of everyone
/// else: 10,000 people connecting to one channel made 50 million presence
/// events (`make bench`, scenario 3). Bigger channels show who is online
/// as of when the page loaded, as Slack limits presence in large ones.
pub const LIVE_MAX_MEMBERS: u32 = 1_000;

struct Entry {
    feeds: usize,
    /// Bumped by every feed that opens, so that an offline timer started
    /// before it knows it is stale.
    generation: u64,
}

/// Who has live feeds open on this instance, counted per person.
pub struct Presence {
    /// A std `Mutex`: it is held only to update the map, never across an
    /// `.await`.
    here: Mutex<HashMap<i64, Entry>>,
    pub grace: Duration,
}

/// What closing a feed started: when `grace` has passed, ask
/// [`Presence::expire`] with this ticket whether the person went offline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OfflineTicket {
    user_id: i64,
    generation: u64,
}

/// A std `Mutex` held only for a map update, never across an `.await`. A
/// panic while holding it cannot leave a map half-updated in a way that
/// matters more than losing presence, so go on.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Presence {
    pub fn new(grace: Duration) -> Self {
        Self {
            here: Mutex::new(HashMap::new()),
            grace,
        }
    }

    /// A feed of `user_id` opened; true when it is their first one here.
    pub fn feed_opened(&self, user_id: i64) -> bool {
        let mut here = lock(&self.here);
        match here.get_mut(&user_id) {
            Some(entry) => {
                entry.feeds += 1;
                entry.generation += 1;
                false
            }
            None => {
                here.insert(
                    user_id,
                    Entry {
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
        let mut here = lock(&self.here);
        let entry = here.get_mut(&user_id)?;
        entry.feeds = entry.feeds.saturating_sub(1);
        (entry.feeds == 0).then_some(OfflineTicket {
            user_id,
            generation: entry.generation,
        })
    }

    /// The grace period of `ticket` is over: true (and forgotten) when no
    /// feed of theirs opened since.
    pub fn expire(&self, ticket: OfflineTicket) -> bool {
        let mut here = lock(&self.here);
        let still_gone = here
            .get(&ticket.user_id)
            .is_some_and(|e| e.feeds == 0 && e.generation == ticket.generation);
        if still_gone {
            here.remove(&ticket.user_id);
        }
        still_gone
    }

    /// Everyone with a feed here, or within their grace.
    pub fn people_here(&self) -> Vec<i64> {
        lock(&self.here).keys().copied().collect()
    }
}

/// Who is online, on this instance or (on PostgreSQL) any: what pages show.
#[derive(Default)]
pub struct Online {
    /// A std `Mutex`, as in [`Presence`].
    people: Mutex<People>,
}

#[derive(Default)]
struct People {
    by_id: HashMap<i64, Nickname>,
    /// The name keys of `by_id`: pages ask by name, once per member of a
    /// channel, so that lookup is a hash too.
    keys: HashSet<String>,
}

impl Online {
    /// Records a person coming online or going offline; true when that
    /// changed anything.
    pub fn set(&self, user_id: i64, name: &Nickname, online: bool) -> bool {
        let mut people = lock(&self.people);
        if online {
            people.keys.insert(name.key());
            people.by_id.insert(user_id, name.clone()).is_none()
        } else {
            people.keys.remove(&name.key());
            people.by_id.remove(&user_id).is_some()
        }
    }

    /// Replaces everyone with `now`; returns who came online (`true`) and
    /// who went offline (`false`) by it.
    pub fn replace(&self, now: Vec<(i64, Nickname)>) -> Vec<(i64, Nickname, bool)> {
        let mut people = lock(&self.people);
        let now: HashMap<i64, Nickname> = now.into_iter().collect();
        let mut changes: Vec<(i64, Nickname, bool)> = people
            .by_id
            .iter()
            .filter(|(id, _)| !now.contains_key(id))
            .map(|(id, name)| (*id, name.clone(), false))
            .collect();
        changes.extend(
            now.iter()
                .filter(|(id, _)| !people.by_id.contains_key(id))
                .map(|(id, name)| (*id, name.clone(), true)),
        );
        people.keys = now.values().map(Nickname::key).collect();
        people.by_id = now;
        changes
    }

    /// Whether someone called `name` is online (or within their grace).
    pub fn is_online(&self, name: &Nickname) -> bool {
        lock(&self.people).keys.contains(&name.key())
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
        assert!(presence.feed_opened(1));
        assert!(!presence.feed_opened(1));
        assert!(presence.feed_closed(1).is_none(), "one tab is still open");
        assert_eq!(presence.people_here(), vec![1]);
    }

    #[test]
    fn the_last_tab_closing_goes_offline_after_the_grace() {
        let presence = Presence::new(DEFAULT_GRACE);
        presence.feed_opened(1);
        let ticket = presence.feed_closed(1).unwrap();
        assert_eq!(presence.people_here(), vec![1], "here during the grace");
        assert!(presence.expire(ticket));
        assert!(presence.people_here().is_empty());
    }

    #[test]
    fn a_reload_within_the_grace_does_not_flap() {
        let presence = Presence::new(DEFAULT_GRACE);
        presence.feed_opened(1);
        let ticket = presence.feed_closed(1).unwrap();
        assert!(!presence.feed_opened(1), "still online: no event");
        assert!(!presence.expire(ticket), "the old timer is stale");
        assert_eq!(presence.people_here(), vec![1]);
    }

    #[test]
    fn online_is_asked_by_name_whatever_its_case() {
        let online = Online::default();
        assert!(online.set(1, &ana(), true));
        assert!(!online.set(1, &ana(), true), "already online");
        assert!(online.is_online(&Nickname::parse("ANA").unwrap()));
        assert!(online.set(1, &ana(), false));
        assert!(!online.is_online(&ana()));
    }

    #[test]
    fn replacing_who_is_online_tells_the_differences() {
        let online = Online::default();
        let bob = Nickname::parse("bob").unwrap();
        online.set(1, &ana(), true);
        let mut changes = online.replace(vec![(2, bob.clone())]);
        changes.sort_by_key(|(id, _, _)| *id);
        assert_eq!(changes, vec![(1, ana(), false), (2, bob.clone(), true)]);
        assert!(!online.is_online(&ana()));
        assert!(online.is_online(&bob));
    }
}
