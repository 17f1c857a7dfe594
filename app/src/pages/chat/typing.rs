//! Who is typing in the open channel: each name until 5 s after its last
//! signal, or until their message arrives.

use std::time::Duration;

use leptos::prelude::*;

use crate::domain::Nickname;

/// How long a typing signal lasts.
pub const TYPING_LASTS_MS: u64 = 5_000;
/// The composer signals at most this often.
pub const SIGNAL_EVERY_MS: u64 = 3_000;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typing {
    /// Each typist and when their signal expires, in the order they began.
    typists: Vec<(Nickname, u64)>,
}

impl Typing {
    /// `who` typed at `now_ms`.
    pub fn signal(&mut self, who: Nickname, now_ms: u64) {
        let until = now_ms + TYPING_LASTS_MS;
        match self.typists.iter_mut().find(|(n, _)| n.key() == who.key()) {
            Some(entry) => entry.1 = until,
            None => self.typists.push((who, until)),
        }
    }

    /// `who` stopped (their message arrived).
    pub fn stop(&mut self, who: &Nickname) {
        self.typists.retain(|(n, _)| n.key() != who.key());
    }

    /// Forgets the signals expired at `now_ms`; returns whether any was.
    pub fn expire(&mut self, now_ms: u64) -> bool {
        let before = self.typists.len();
        self.typists.retain(|(_, until)| *until > now_ms);
        self.typists.len() < before
    }

    pub fn names(&self) -> Vec<String> {
        self.typists.iter().map(|(n, _)| n.to_string()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.typists.is_empty()
    }
}

/// Whether the composer may signal again at `now_ms`, having last done so
/// at `last_ms`.
pub fn may_signal(last_ms: Option<u64>, now_ms: u64) -> bool {
    last_ms.is_none_or(|last| now_ms >= last + SIGNAL_EVERY_MS)
}

/// Milliseconds since the epoch.
pub fn now_ms() -> u64 {
    chrono::Utc::now().timestamp_millis().max(0) as u64
}

/// Forgets expired signals every second while the room is open.
pub fn expire_every_second(typing: RwSignal<Typing>) {
    // Effects run in the browser only.
    Effect::new(move |_| {
        let tick = move || {
            let expired = typing
                .try_with_untracked(|t| !t.is_empty() && t.clone().expire(now_ms()))
                .unwrap_or(false);
            if expired {
                typing.update(|t| {
                    t.expire(now_ms());
                });
            }
        };
        if let Ok(handle) = set_interval_with_handle(tick, Duration::from_secs(1)) {
            on_cleanup(move || handle.clear());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nick(n: &str) -> Nickname {
        Nickname::parse(n).unwrap()
    }

    #[test]
    fn a_signal_lasts_five_seconds_from_the_latest() {
        let mut typing = Typing::default();
        typing.signal(nick("ana"), 1_000);
        typing.signal(nick("bob"), 2_000);
        typing.signal(nick("ana"), 4_000);
        assert_eq!(typing.names(), ["ana", "bob"]);
        assert!(typing.expire(7_000));
        assert_eq!(typing.names(), ["ana"]);
        assert!(!typing.expire(8_999));
        assert!(typing.expire(9_000));
        assert!(typing.is_empty());
    }

    #[test]
    fn a_message_ends_typing_at_once() {
        let mut typing = Typing::default();
        typing.signal(nick("ana"), 0);
        typing.stop(&nick("ANA"));
        assert!(typing.is_empty());
    }

    #[test]
    fn says_who_is_typing_in_a_few_words() {
        use crate::text::typing;
        let names = |n: &[&str]| n.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(typing(&[]), None);
        assert_eq!(typing(&names(&["ana"])).unwrap(), "ana is typing…");
        assert_eq!(
            typing(&names(&["ana", "bob"])).unwrap(),
            "ana and bob are typing…"
        );
        assert_eq!(
            typing(&names(&["ana", "bob", "cy"])).unwrap(),
            "several people are typing…"
        );
    }

    #[test]
    fn the_composer_signals_at_most_every_three_seconds() {
        assert!(may_signal(None, 0));
        assert!(!may_signal(Some(1_000), 3_999));
        assert!(may_signal(Some(1_000), 4_000));
    }
}
