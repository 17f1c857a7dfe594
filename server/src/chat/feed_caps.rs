//! How many live feeds one account, and one client address, may hold open
//! at once.
//!
//! A feed costs papo a socket, a task and a hub subscription for as long
//! as it is open, so without a cap one person (or one machine) could hold
//! thousands. The tabs of a browser share one feed, so a person needs one
//! per browser or device: the caps (`PAPO_FEEDS_PER_ACCOUNT`,
//! `PAPO_FEEDS_PER_ADDRESS`) are far above that. A feed past a cap is
//! refused before it starts, with 429 and `Retry-After`.
//!
//! Counted per process: with several instances a person may hold a cap's
//! worth on each.

use std::{
    collections::HashMap,
    hash::Hash,
    num::NonZeroU32,
    sync::{Arc, Mutex},
    time::Duration,
};

use crate::chat::client_key::ClientKey;

/// When a refused feed may try again: open feeds close at any moment, so
/// this is only a pace for reconnecting clients.
pub const RETRY_AFTER: Duration = Duration::from_secs(10);

/// The caps; `None` is no cap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FeedCaps {
    pub per_account: Option<NonZeroU32>,
    pub per_address: Option<NonZeroU32>,
}

/// The feeds open on this instance, counted by account and by address.
pub struct OpenFeeds {
    caps: FeedCaps,
    counts: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    by_account: HashMap<i64, u32>,
    by_address: HashMap<ClientKey, u32>,
}

/// One open feed, counted until it is dropped.
pub struct FeedPermit {
    feeds: Arc<OpenFeeds>,
    account: i64,
    address: Option<ClientKey>,
}

/// Which cap a refused feed ran into.
#[derive(Debug, PartialEq, Eq)]
pub enum CapReached {
    Account,
    Address,
}

impl OpenFeeds {
    pub fn new(caps: FeedCaps) -> Arc<Self> {
        Arc::new(Self {
            caps,
            counts: Mutex::default(),
        })
    }

    /// Counts a new feed of `account` from `address`, unless that would
    /// pass a cap.
    pub fn open(
        self: &Arc<Self>,
        account: i64,
        address: Option<ClientKey>,
    ) -> Result<FeedPermit, CapReached> {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let Counts {
            by_account,
            by_address,
        } = &mut *counts;
        if at_cap(by_account, &account, self.caps.per_account) {
            return Err(CapReached::Account);
        }
        if let Some(address) = address {
            if at_cap(by_address, &address, self.caps.per_address) {
                return Err(CapReached::Address);
            }
            *by_address.entry(address).or_default() += 1;
        }
        *by_account.entry(account).or_default() += 1;
        Ok(FeedPermit {
            feeds: self.clone(),
            account,
            address,
        })
    }
}

fn at_cap<K: Hash + Eq>(counts: &HashMap<K, u32>, key: &K, cap: Option<NonZeroU32>) -> bool {
    cap.is_some_and(|cap| counts.get(key).copied().unwrap_or(0) >= cap.get())
}

/// One fewer for `key`; a key at zero is forgotten, so the maps hold only
/// who has feeds open.
fn release<K: Hash + Eq>(counts: &mut HashMap<K, u32>, key: &K) {
    if let Some(count) = counts.get_mut(key) {
        *count -= 1;
        if *count == 0 {
            counts.remove(key);
        }
    }
}

impl Drop for FeedPermit {
    fn drop(&mut self) {
        let mut counts = self.feeds.counts.lock().unwrap_or_else(|e| e.into_inner());
        release(&mut counts.by_account, &self.account);
        if let Some(address) = &self.address {
            release(&mut counts.by_address, address);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(per_account: u32, per_address: u32) -> FeedCaps {
        FeedCaps {
            per_account: NonZeroU32::new(per_account),
            per_address: NonZeroU32::new(per_address),
        }
    }

    fn home() -> Option<ClientKey> {
        Some(ClientKey::from(std::net::IpAddr::from([192, 0, 2, 1])))
    }

    fn office() -> Option<ClientKey> {
        Some(ClientKey::from(std::net::IpAddr::from([192, 0, 2, 2])))
    }

    #[test]
    fn an_account_gets_its_cap_and_a_closed_feed_gives_its_place_back() {
        let feeds = OpenFeeds::new(caps(2, 0));
        let first = feeds.open(1, home()).unwrap();
        let _second = feeds.open(1, office()).unwrap();
        assert_eq!(feeds.open(1, home()).err(), Some(CapReached::Account));
        assert!(feeds.open(2, home()).is_ok(), "another account has its own");
        drop(first);
        assert!(feeds.open(1, home()).is_ok());
    }

    #[test]
    fn an_address_gets_its_cap_whoever_opens_them() {
        let feeds = OpenFeeds::new(caps(0, 2));
        let _a = feeds.open(1, home()).unwrap();
        let _b = feeds.open(2, home()).unwrap();
        assert_eq!(feeds.open(3, home()).err(), Some(CapReached::Address));
        assert!(feeds.open(3, office()).is_ok());
    }

    #[test]
    fn a_refused_feed_counts_for_nothing_and_closed_ones_are_forgotten() {
        let feeds = OpenFeeds::new(caps(1, 1));
        let only = feeds.open(1, home()).unwrap();
        assert!(feeds.open(2, home()).is_err());
        drop(only);
        let counts = feeds.counts.lock().unwrap();
        assert!(counts.by_account.is_empty() && counts.by_address.is_empty());
    }

    #[test]
    fn without_caps_nothing_is_refused() {
        let feeds = OpenFeeds::new(FeedCaps::default());
        let open: Vec<_> = (0..1000).map(|_| feeds.open(1, home()).unwrap()).collect();
        assert_eq!(open.len(), 1000);
    }
}
