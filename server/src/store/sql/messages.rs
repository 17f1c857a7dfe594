//! [`crate::store::Messages`] in the shared SQL, and the message a new
//! one becomes once stored.

use domain::{Message, MessageId, Nickname};

use crate::store::{
    rows::{from_millis, millis},
    NewMessage, StoreResult,
};

/// `new` as stored with the id `id`: what its `message` event carries.
pub(crate) fn stored_message(new: &NewMessage, id: i64) -> StoreResult<Message> {
    let mut mentions: Vec<Nickname> = new.mentions.iter().map(|(_, n)| n.clone()).collect();
    mentions.sort_by_key(Nickname::key);
    Ok(Message {
        id: MessageId(id),
        channel: new.channel.clone(),
        author: new.author.name.clone(),
        body: new.body.as_str().to_owned(),
        html: new.html.clone(),
        // What a reader gets back from the database: millisecond precision.
        created_at: from_millis(millis(new.now))?,
        edited_at: None,
        deleted: false,
        mentions,
    })
}

/// Implements [`crate::store::Messages`] for `$store`.
macro_rules! impl_messages {
    ($store:ident) => {
        mod messages {
            use app::{
                domain::{Message, MessageBody, MessageId, MessageRef, Nickname},
                events::ChatEvent,
            };
            use async_trait::async_trait;
            use chrono::{DateTime, Utc};

            use super::{events::append, $store};
            use $crate::{
                live::event_log::{Route, StoredEvent},
                store::{
                    rows::{
                        channel_name, mention_names, millis, to_messages, MessageRow,
                        MESSAGE_COLUMNS,
                    },
                    sql::{Backend, BatchInsert},
                    MessageRecord, Messages, NewMessage, StoreError, StoreResult,
                },
            };

            type Tx<'t> = sqlx::Transaction<'t, <$store as Backend>::Db>;

            /// Replaces the mentions recorded for a message.
            async fn record_mentions(
                tx: &mut Tx<'_>,
                message_id: i64,
                mentions: &[(i64, Nickname)],
            ) -> StoreResult<()> {
                sqlx::query("DELETE FROM mentions WHERE message_id = $1")
                    .bind(message_id)
                    .execute(&mut **tx)
                    .await?;
                add_mentions(tx, message_id, mentions).await
            }

            /// Records whom a message mentions (a new one, or one whose mentions
            /// were just deleted).
            pub(super) async fn add_mentions(
                tx: &mut Tx<'_>,
                message_id: i64,
                mentions: &[(i64, Nickname)],
            ) -> StoreResult<()> {
                for (user_id, _) in mentions {
                    sqlx::query(
                        "INSERT INTO mentions (user_id, message_id) VALUES ($1, $2) \
                         ON CONFLICT DO NOTHING",
                    )
                    .bind(user_id)
                    .bind(message_id)
                    .execute(&mut **tx)
                    .await?;
                }
                Ok(())
            }

            async fn read_message(tx: &mut Tx<'_>, id: MessageId) -> StoreResult<Message> {
                let row: MessageRow =
                    sqlx::query_as(&format!("SELECT {MESSAGE_COLUMNS} WHERE m.id = $1"))
                        .bind(id.0)
                        .fetch_one(&mut **tx)
                        .await?;
                Message::try_from(row)
            }

            #[async_trait]
            impl Messages for $store {
                async fn insert_messages(
                    &self,
                    batch: &[NewMessage],
                ) -> StoreResult<Vec<StoredEvent>> {
                    let mut tx = self.pool.begin().await?;
                    let events = <$store as BatchInsert>::insert_batch(&mut tx, batch).await?;
                    tx.commit().await?;
                    Ok(events)
                }

                async fn message_record(
                    &self,
                    id: MessageId,
                ) -> StoreResult<Option<MessageRecord>> {
                    let row: Option<(i64, i64, bool)> = sqlx::query_as(
                        "SELECT channel_id, author_id, deleted_at IS NOT NULL \
                         FROM messages WHERE id = $1",
                    )
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await?;
                    Ok(row.map(|(channel_id, author_id, deleted)| MessageRecord {
                        id,
                        channel_id,
                        author_id,
                        deleted,
                    }))
                }

                async fn edit_message(
                    &self,
                    id: MessageId,
                    body: &MessageBody,
                    html: &str,
                    mentions: &[(i64, Nickname)],
                    now: DateTime<Utc>,
                ) -> StoreResult<StoredEvent> {
                    let mut tx = self.pool.begin().await?;
                    let channel_id: i64 = sqlx::query_scalar(
                        "UPDATE messages \
                         SET body = $2, html = $3, mention_names = $4, edited_at = $5 \
                         WHERE id = $1 RETURNING channel_id",
                    )
                    .bind(id.0)
                    .bind(body.as_str())
                    .bind(html)
                    .bind(mention_names(mentions))
                    .bind(millis(now))
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(StoreError::UnknownMessage)?;
                    record_mentions(&mut tx, id.0, mentions).await?;
                    let message = read_message(&mut tx, id).await?;
                    let event = append(
                        &mut tx,
                        Route::members_of(channel_id),
                        ChatEvent::MessageUpdated(message),
                        Some(id.0),
                        now,
                    )
                    .await?;
                    tx.commit().await?;
                    Ok(event)
                }

                async fn delete_message(
                    &self,
                    id: MessageId,
                    now: DateTime<Utc>,
                ) -> StoreResult<StoredEvent> {
                    let mut tx = self.pool.begin().await?;
                    // The text goes for good: replays rebuild message events from this
                    // row, so they carry the deleted marker, not the old words.
                    let row: Option<(i64, String)> = sqlx::query_as(
                        "UPDATE messages \
                         SET body = '', html = '', mention_names = '', deleted_at = $2 \
                         WHERE id = $1 \
                         RETURNING channel_id, \
                           (SELECT name FROM channels WHERE id = channel_id)",
                    )
                    .bind(id.0)
                    .bind(millis(now))
                    .fetch_optional(&mut *tx)
                    .await?;
                    let (channel_id, channel) = row.ok_or(StoreError::UnknownMessage)?;
                    record_mentions(&mut tx, id.0, &[]).await?;
                    let event = append(
                        &mut tx,
                        Route::members_of(channel_id),
                        ChatEvent::MessageDeleted(MessageRef {
                            channel: channel_name(&channel)?,
                            id,
                        }),
                        Some(id.0),
                        now,
                    )
                    .await?;
                    tx.commit().await?;
                    Ok(event)
                }

                async fn messages_before(
                    &self,
                    channel_id: i64,
                    before: Option<MessageId>,
                    limit: u32,
                ) -> StoreResult<Vec<Message>> {
                    let mut rows: Vec<MessageRow> = sqlx::query_as(&format!(
                        "SELECT {MESSAGE_COLUMNS} WHERE m.channel_id = $1 AND m.id < $2 \
                         ORDER BY m.id DESC LIMIT $3"
                    ))
                    .bind(channel_id)
                    .bind(before.map_or(i64::MAX, |id| id.0))
                    .bind(i64::from(limit))
                    .fetch_all(&self.pool)
                    .await?;
                    rows.reverse();
                    to_messages(rows)
                }
            }
        }
    };
}
pub(crate) use impl_messages;
