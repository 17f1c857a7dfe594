//! The live events a tab received lately, so that a snapshot read while
//! they were arriving can be brought up to date.

use std::collections::VecDeque;

use crate::{domain::EventId, events::ChatEvent};

/// The newest [`RecentEvents::CAPACITY`] events, in id order.
#[derive(Debug, Default)]
pub struct RecentEvents {
    events: VecDeque<(EventId, ChatEvent)>,
}

impl RecentEvents {
    /// Far more than can arrive while one page of the chat loads.
    pub const CAPACITY: usize = 500;

    /// Keeps `event`; an id already seen (a resumed connection replaying)
    /// is dropped. Returns whether it was new.
    pub fn push(&mut self, id: EventId, event: ChatEvent) -> bool {
        if self.events.back().is_some_and(|(last, _)| *last >= id) {
            return false;
        }
        if self.events.len() == Self::CAPACITY {
            self.events.pop_front();
        }
        self.events.push_back((id, event));
        true
    }

    /// The events newer than `id`, oldest first.
    pub fn after(&self, id: EventId) -> Vec<(EventId, ChatEvent)> {
        self.events
            .iter()
            .filter(|(at, _)| *at > id)
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{domain::ChannelName, domain::MessageId, events::ReadMarker};

    fn read(id: i64) -> ChatEvent {
        ChatEvent::Read(ReadMarker {
            channel: ChannelName::general(),
            last_read_id: MessageId(id),
        })
    }

    #[test]
    fn keeps_events_once_and_in_order() {
        let mut recent = RecentEvents::default();
        assert!(recent.push(EventId(1), read(1)));
        assert!(recent.push(EventId(2), read(2)));
        assert!(!recent.push(EventId(2), read(2)));
        assert!(!recent.push(EventId(1), read(1)));
        let ids: Vec<i64> = recent
            .after(EventId(0))
            .iter()
            .map(|(id, _)| id.0)
            .collect();
        assert_eq!(ids, [1, 2]);
        assert_eq!(recent.after(EventId(1)).len(), 1);
        assert!(recent.after(EventId(2)).is_empty());
    }

    #[test]
    fn forgets_the_oldest_beyond_its_capacity() {
        let mut recent = RecentEvents::default();
        for id in 1..=(RecentEvents::CAPACITY as i64 + 10) {
            recent.push(EventId(id), read(id));
        }
        let kept = recent.after(EventId(0));
        assert_eq!(kept.len(), RecentEvents::CAPACITY);
        assert_eq!(kept[0].0, EventId(11));
    }
}
