//! What the tabs of one browser say to each other over the
//! `BroadcastChannel('papo-live')`, and what the leading tab remembers so
//! that a tab opened later misses nothing.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::{frame::Frame, LiveStatus};
use crate::domain::EventId;

/// The channel's and the Web Lock's name.
pub const NAME: &str = "papo-live";

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
