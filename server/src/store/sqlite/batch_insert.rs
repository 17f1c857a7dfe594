//! A group commit's messages on SQLite: a statement per message, mention
//! and event, since SQLite runs in the process and a statement costs no
//! round trip.

use domain::events::ChatEvent;
use sqlx::{Sqlite, Transaction};

use super::{events::append, messages::add_mentions, SqliteStore};
use crate::{
    live::event_log::{Route, StoredEvent},
    store::{
        rows::{mention_names, millis},
        sql::{messages::stored_message, BatchInsert},
        NewMessage, StoreResult,
    },
};

impl BatchInsert for SqliteStore {
    async fn insert_batch(
        tx: &mut Transaction<'_, Sqlite>,
        batch: &[NewMessage],
    ) -> StoreResult<Vec<StoredEvent>> {
        let mut events = Vec::with_capacity(batch.len());
        for new in batch {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO messages \
                   (channel_id, author_id, body, html, mention_names, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(new.channel_id)
            .bind(new.author.user_id)
            .bind(new.body.as_str())
            .bind(&new.html)
            .bind(mention_names(&new.mentions))
            .bind(millis(new.now))
            .fetch_one(&mut **tx)
            .await?;
            add_mentions(tx, id, &new.mentions).await?;
            let event = ChatEvent::Message(stored_message(new, id)?);
            let route = Route::members_of(new.channel_id);
            events.push(append(tx, route, event, Some(id), new.now).await?);
        }
        Ok(events)
    }
}
