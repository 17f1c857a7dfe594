//! The position of a durable event in papo's one event log.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Assigned by the database, strictly increasing in commit order. It is the
/// SSE `id:` a client hands back (`Last-Event-ID`, `?after=`) to resume.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct EventId(pub i64);

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for EventId {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim().parse().map(EventId)
    }
}
