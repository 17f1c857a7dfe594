//! What PostgreSQL spells its own way when reading rows; the rows
//! themselves, and the other column lists, are shared (`store::rows`).

pub use crate::store::rows::*;

/// A channel's columns ([`ChannelRow`]), with a DM's people in one string.
pub const CHANNEL_COLUMNS: &str = "c.id, c.name, c.kind, c.topic, c.created_by AS creator_id, \
     cu.name AS creator, \
     CASE WHEN c.kind = 'direct' THEN (SELECT string_agg(pu.name, ' ') \
         FROM channel_members p JOIN users pu ON pu.id = p.user_id WHERE p.channel_id = c.id) END \
       AS participants";

/// A count as the trait reports it; counts are bounded far below `u32::MAX`.
pub fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
