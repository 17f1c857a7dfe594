//! When each benchmark message was sent, so that a reader can time its
//! delivery, and how a message's number travels inside its body.

use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::{Duration, Instant},
};

/// Every benchmark message starts with this and its number.
const MARK: &[u8] = b"bench-";

/// Text after the number, so that messages have a chat-like size.
const FILLER: &str = "the quick brown fox jumps over the lazy dog, and then reads the channel";

/// The body of message `seq`.
pub fn body(seq: usize) -> String {
    format!("bench-{seq:09} {FILLER}")
}

/// The message number in an event's data, if it carries a benchmark body.
pub fn seq_in(data: &[u8]) -> Option<usize> {
    let at = memchr::memmem::find(data, MARK)? + MARK.len();
    let digits = data.get(at..at + 9)?;
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Send times, in nanoseconds after `epoch` (0: not sent yet).
pub struct Probe {
    epoch: Instant,
    sent: Vec<AtomicU64>,
}

impl Probe {
    pub fn new(messages: usize) -> Self {
        Self {
            epoch: Instant::now(),
            sent: (0..messages).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    pub fn messages(&self) -> usize {
        self.sent.len()
    }

    /// Message `seq` is about to be posted.
    pub fn sending(&self, seq: usize) {
        let now = self.epoch.elapsed().as_nanos() as u64 + 1;
        self.sent[seq].store(now, Ordering::Release);
    }

    /// How long ago message `seq` was sent, if it was.
    pub fn since_sent(&self, seq: usize) -> Option<Duration> {
        let sent = self.sent.get(seq)?.load(Ordering::Acquire);
        (sent != 0).then(|| {
            let now = self.epoch.elapsed().as_nanos() as u64 + 1;
            Duration::from_nanos(now.saturating_sub(sent))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_survives_json_and_html() {
        let data = format!(r#"{{"id":5,"body":"{}","html":"<p>x</p>"}}"#, body(1234));
        assert_eq!(seq_in(data.as_bytes()), Some(1234));
        assert_eq!(seq_in(b"{\"body\":\"hello\"}"), None);
        assert_eq!(seq_in(b"bench-12"), None, "a cut-off number is no number");
    }

    #[test]
    fn only_sent_messages_have_an_age() {
        let probe = Probe::new(2);
        assert!(probe.since_sent(0).is_none());
        probe.sending(0);
        assert!(probe.since_sent(0).is_some());
        assert!(probe.since_sent(2).is_none());
    }
}
