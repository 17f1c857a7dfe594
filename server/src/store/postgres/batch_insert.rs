//! A group commit's messages on PostgreSQL in three statements whatever
//! the batch's size: its messages, their mentions and their events, each
//! inserted from arrays (`UNNEST`). A statement per row costs a round trip
//! each, and most of them were made while holding the append lock, which
//! every other writer of the log waits for.
//!
//! Ids are drawn in the batch's order: the rows are inserted in the order
//! of their place in the arrays (`ORDER BY n` in the query the insert
//! reads, which PostgreSQL keeps as a subquery and draws the identity
//! above), so ids increase along the batch. `RETURNING` promises no order
//! of its own, so the ids it gives are sorted back into the batch's.

use domain::{events::ChatEvent, EventId};
use sqlx::{Postgres, Transaction};

use super::PostgresStore;
use crate::{
    live::event_log::{Route, StoredEvent},
    store::{
        rows::{event_columns, mention_names, millis},
        sql::{messages::stored_message, AppendOrder, BatchInsert},
        NewMessage, StoreError, StoreResult,
    },
};

type Tx<'t> = Transaction<'t, Postgres>;

impl BatchInsert for PostgresStore {
    async fn insert_batch(tx: &mut Tx<'_>, batch: &[NewMessage]) -> StoreResult<Vec<StoredEvent>> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let ids = insert_messages(tx, batch).await?;
        insert_mentions(tx, batch, &ids).await?;
        // Once for the whole batch: the lock is held until the commit.
        <PostgresStore as AppendOrder>::before_append(tx).await?;
        append_message_events(tx, batch, &ids).await
    }
}

/// `ids` as `RETURNING` gave them, back in the order they were drawn (the
/// batch's); an error unless there is one for each of `expected` rows.
fn in_drawn_order(mut ids: Vec<i64>, expected: usize) -> StoreResult<Vec<i64>> {
    if ids.len() != expected {
        return Err(StoreError::Corrupt(format!(
            "a batch of {expected} rows returned {} ids",
            ids.len()
        )));
    }
    ids.sort_unstable();
    Ok(ids)
}

/// Inserts the messages of `batch`; their ids, in the batch's order.
async fn insert_messages(tx: &mut Tx<'_>, batch: &[NewMessage]) -> StoreResult<Vec<i64>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "INSERT INTO messages (channel_id, author_id, body, html, mention_names, created_at) \
         SELECT channel_id, author_id, body, html, mention_names, created_at \
         FROM UNNEST($1::BIGINT[], $2::BIGINT[], $3::TEXT[], $4::TEXT[], $5::TEXT[], \
                     $6::BIGINT[]) \
           WITH ORDINALITY \
           AS batch (channel_id, author_id, body, html, mention_names, created_at, n) \
         ORDER BY n \
         RETURNING id",
    )
    .bind(batch.iter().map(|m| m.channel_id).collect::<Vec<_>>())
    .bind(batch.iter().map(|m| m.author.user_id).collect::<Vec<_>>())
    .bind(batch.iter().map(|m| m.body.as_str()).collect::<Vec<_>>())
    .bind(batch.iter().map(|m| m.html.as_str()).collect::<Vec<_>>())
    .bind(
        batch
            .iter()
            .map(|m| mention_names(&m.mentions))
            .collect::<Vec<_>>(),
    )
    .bind(batch.iter().map(|m| millis(m.now)).collect::<Vec<_>>())
    .fetch_all(&mut **tx)
    .await?;
    in_drawn_order(ids, batch.len())
}

/// Records whom each message of `batch`, stored as `ids`, mentions.
async fn insert_mentions(tx: &mut Tx<'_>, batch: &[NewMessage], ids: &[i64]) -> StoreResult<()> {
    let (users, messages): (Vec<i64>, Vec<i64>) = batch
        .iter()
        .zip(ids)
        .flat_map(|(m, &id)| m.mentions.iter().map(move |(user, _)| (*user, id)))
        .unzip();
    if users.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO mentions (user_id, message_id) \
         SELECT * FROM UNNEST($1::BIGINT[], $2::BIGINT[]) \
         ON CONFLICT DO NOTHING",
    )
    .bind(users)
    .bind(messages)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Appends the `message` event of each message of `batch`, stored as
/// `ids`, as the shared `append` would one by one; the caller holds the
/// append lock.
async fn append_message_events(
    tx: &mut Tx<'_>,
    batch: &[NewMessage],
    ids: &[i64],
) -> StoreResult<Vec<StoredEvent>> {
    let events = batch
        .iter()
        .zip(ids)
        .map(|(new, &id)| {
            let route = Route::members_of(new.channel_id);
            Ok((route, ChatEvent::Message(stored_message(new, id)?)))
        })
        .collect::<StoreResult<Vec<(Route, ChatEvent)>>>()?;
    let (data, member_ids): (Vec<Option<String>>, Vec<Option<i64>>) = events
        .iter()
        .map(|(route, event)| event_columns(route, event))
        .unzip();
    let event_ids: Vec<i64> = sqlx::query_scalar(
        "INSERT INTO events (kind, channel_id, everyone, only_user_id, member_id, message_id, \
                             data, created_at) \
         SELECT kind, channel_id, everyone, only_user_id, member_id, message_id, data, created_at \
         FROM UNNEST($1::TEXT[], $2::BIGINT[], $3::BOOLEAN[], $4::BIGINT[], $5::BIGINT[], \
                     $6::BIGINT[], $7::TEXT[], $8::BIGINT[]) \
           WITH ORDINALITY \
           AS batch (kind, channel_id, everyone, only_user_id, member_id, message_id, data, \
                     created_at, n) \
         ORDER BY n \
         RETURNING id",
    )
    .bind(events.iter().map(|(_, e)| e.name()).collect::<Vec<_>>())
    .bind(events.iter().map(|(r, _)| r.channel_id).collect::<Vec<_>>())
    .bind(events.iter().map(|(r, _)| r.everyone).collect::<Vec<_>>())
    .bind(events.iter().map(|(r, _)| r.only_user).collect::<Vec<_>>())
    .bind(member_ids)
    .bind(ids)
    .bind(data)
    .bind(batch.iter().map(|m| millis(m.now)).collect::<Vec<_>>())
    .fetch_all(&mut **tx)
    .await?;
    let event_ids = in_drawn_order(event_ids, events.len())?;
    Ok(events
        .into_iter()
        .zip(event_ids)
        .map(|((route, event), id)| StoredEvent::new(EventId(id), route, event))
        .collect())
}
