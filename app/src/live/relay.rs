//! What the tabs of one browser say to each other over the person's
//! `BroadcastChannel('papo-live:<name>')`, what they tell every tab of the
//! browser about who is signed in (`BroadcastChannel('papo-session')`), and
//! what the leading tab remembers so that a tab opened later misses nothing.
//!
//! Why the names carry the person: the tabs of a browser share one cookie
//! but not one page. When Bea signs in in a second tab while Ana's tab
//! leads, a feed shared under one name for everyone would relay Ana's DMs
//! and notifications to Bea's page. Each person's tabs share a feed of
//! their own, every message says whose it is, and a tab whose person is no
//! longer the one signed in stops and reloads as the one who is.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::{frame::Frame, LiveStatus};
use crate::domain::{EventId, Nickname};

/// The name of the Web Lock and the channel that `account`'s tabs share.
pub fn feed_name(account: &Nickname) -> String {
    format!("papo-live:{}", account.key())
}

/// The channel on which tabs tell each other who is signed in.
pub const SESSION: &str = "papo-session";

/// One message on a person's channel, with whose it is: a tab takes only
/// its own person's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posted {
    pub account: String,
    pub message: TabMessage,
}

impl Posted {
    pub fn new(account: &Nickname, message: TabMessage) -> Self {
        Self {
            account: account.key(),
            message,
        }
    }

    /// The message in `json`, if it is `account`'s.
    pub fn read(json: &str, account: &Nickname) -> Option<TabMessage> {
        serde_json::from_str::<Posted>(json)
            .ok()
            .filter(|posted| posted.account == account.key())
            .map(|posted| posted.message)
    }
}

/// Who is signed in in this browser now, as a tab that just learnt it says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionNews {
    SignedIn { account: String },
    SignedOut,
}

impl SessionNews {
    pub fn signed_in(account: &Nickname) -> Self {
        SessionNews::SignedIn {
            account: account.key(),
        }
    }

    /// Whether a page of `account` must stop: its person is not the one
    /// signed in any more.
    pub fn ends_page_of(&self, account: &Nickname) -> bool {
        match self {
            SessionNews::SignedIn { account: now } => *now != account.key(),
            SessionNews::SignedOut => true,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TabMessage {
    /// The leader passes on what its feed delivered.
    Frame(Frame),
    /// A following tab asks for what came after its page was read.
    Hello { tab: u64, after: EventId },
    /// The leader's answer to one tab's `Hello`.
    CatchUp { tab: u64, catch_up: CatchUp },
    /// A tab came back (visible, online): reconnect now if waiting.
    Wake,
}

/// What a tab that starts following needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatchUp {
    /// The events after the tab's `after`, oldest first...
    pub frames: Vec<Frame>,
    /// ...or, when the leader no longer has them all, the id to resync to.
    pub resync: Option<EventId>,
    pub status: LiveStatus,
}

/// The leader's memory of its feed: the latest durable frames and status.
#[derive(Debug)]
pub struct History {
    /// Every event after this one is in `frames`.
    floor: EventId,
    last: EventId,
    frames: VecDeque<Frame>,
    status: LiveStatus,
}

impl History {
    /// Far more than arrive while a tab loads.
    pub const CAPACITY: usize = 1_000;

    /// A feed that started after event `floor`.
    pub fn new(floor: EventId) -> Self {
        Self {
            floor,
            last: floor,
            frames: VecDeque::new(),
            status: LiveStatus::Connecting,
        }
    }

    pub fn record(&mut self, frame: &Frame) {
        match frame {
            Frame::Status(status) => self.status = *status,
            Frame::Sse {
                name, id: Some(id), ..
            } if name == crate::events::RESYNC => {
                self.frames.clear();
                self.floor = *id;
                self.last = *id;
            }
            Frame::Sse { id: Some(id), .. } if *id > self.last => {
                if self.frames.len() == Self::CAPACITY {
                    if let Some(id) = self.frames.pop_front().and_then(|f| f.id()) {
                        self.floor = id;
                    }
                }
                self.last = *id;
                self.frames.push_back(frame.clone());
            }
            Frame::Sse { .. } => {}
        }
    }

    /// What a tab whose page includes everything up to `after` needs.
    pub fn catch_up(&self, after: EventId) -> CatchUp {
        let (frames, resync) = if after >= self.floor {
            let newer = self.frames.iter().filter(|f| f.id() > Some(after));
            (newer.cloned().collect(), None)
        } else {
            (Vec::new(), Some(self.last))
        };
        CatchUp {
            frames,
            resync,
            status: self.status,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(raw: &str) -> Nickname {
        Nickname::parse(raw).unwrap()
    }

    #[test]
    fn each_person_has_a_feed_of_their_own() {
        assert_eq!(feed_name(&name("Ana")), feed_name(&name("ana")));
        assert_ne!(feed_name(&name("ana")), feed_name(&name("bea")));
    }

    #[test]
    fn a_tab_takes_only_its_own_persons_messages() {
        let json = serde_json::to_string(&Posted::new(&name("Ana"), TabMessage::Wake)).unwrap();
        assert_eq!(Posted::read(&json, &name("ana")), Some(TabMessage::Wake));
        assert_eq!(Posted::read(&json, &name("bea")), None);
        let unsigned = serde_json::to_string(&TabMessage::Wake).unwrap();
        assert_eq!(Posted::read(&unsigned, &name("ana")), None);
    }

    #[test]
    fn a_page_stops_when_someone_else_signs_in_or_its_person_signs_out() {
        let ana = name("ana");
        assert!(!SessionNews::signed_in(&name("Ana")).ends_page_of(&ana));
        assert!(SessionNews::signed_in(&name("bea")).ends_page_of(&ana));
        assert!(SessionNews::SignedOut.ends_page_of(&ana));
    }

    fn event(id: i64) -> Frame {
        Frame::Sse {
            name: "message".into(),
            data: "{}".into(),
            id: Some(EventId(id)),
        }
    }

    fn ids(catch_up: &CatchUp) -> Vec<i64> {
        catch_up
            .frames
            .iter()
            .filter_map(|f| f.id())
            .map(|id| id.0)
            .collect()
    }

    #[test]
    fn a_tab_gets_what_came_after_its_page_and_the_status() {
        let mut history = History::new(EventId(10));
        for id in 11..=14 {
            history.record(&event(id));
        }
        history.record(&Frame::Status(LiveStatus::Open));
        let answer = history.catch_up(EventId(12));
        assert_eq!(ids(&answer), [13, 14]);
        assert_eq!(answer.resync, None);
        assert_eq!(answer.status, LiveStatus::Open);
        assert!(history.catch_up(EventId(14)).frames.is_empty());
        assert_eq!(ids(&history.catch_up(EventId(10))), [11, 12, 13, 14]);
    }

    #[test]
    fn a_tab_from_before_the_history_must_resync() {
        let mut history = History::new(EventId(10));
        history.record(&event(11));
        assert_eq!(history.catch_up(EventId(9)).resync, Some(EventId(11)));
    }

    #[test]
    fn the_oldest_are_forgotten_beyond_capacity() {
        let mut history = History::new(EventId(0));
        for id in 1..=(History::CAPACITY as i64 + 5) {
            history.record(&event(id));
        }
        assert_eq!(history.catch_up(EventId(4)).resync, Some(EventId(1_005)));
        assert_eq!(history.catch_up(EventId(5)).frames.len(), History::CAPACITY);
    }

    #[test]
    fn a_resync_moves_the_floor_and_replays_are_kept_once() {
        let mut history = History::new(EventId(0));
        history.record(&event(1));
        history.record(&event(1));
        assert_eq!(ids(&history.catch_up(EventId(0))), [1]);
        history.record(&Frame::Sse {
            name: "resync".into(),
            data: r#"{"latest":50}"#.into(),
            id: Some(EventId(50)),
        });
        assert_eq!(history.catch_up(EventId(1)).resync, Some(EventId(50)));
        assert!(history.catch_up(EventId(50)).frames.is_empty());
    }
}
