//! [`crate::store::EventLog`] in the shared SQL, and appending to the log
//! inside a write.

/// Implements [`crate::store::EventLog`] for `$store`, and `append`.
macro_rules! impl_event_log {
    ($store:ident) => {
        mod events {
            use app::{
                domain::EventId,
                events::{ChatEvent, Notification},
            };
            use async_trait::async_trait;
            use chrono::{DateTime, Utc};

            use super::$store;
            use $crate::{
                live::event_log::{Route, StoredEvent},
                store::{
                    rows::{collect_page, event_columns, millis, EventRow, EVENT_COLUMNS},
                    sql::{AppendOrder, Backend},
                    EventLog, Page, Reader, StoreResult,
                },
            };

            type Tx<'t> = sqlx::Transaction<'t, <$store as Backend>::Db>;

            /// Appends `event` to the log in the caller's transaction, so that the
            /// change and its event commit together (or not at all). The id comes
            /// from the log's id column (AUTOINCREMENT, identity): never reused, and
            /// increasing in commit order thanks to the backend's [`AppendOrder`].
            pub(super) async fn append(
                tx: &mut Tx<'_>,
                route: Route,
                event: ChatEvent,
                message_id: Option<i64>,
                now: DateTime<Utc>,
            ) -> StoreResult<StoredEvent> {
                <$store as AppendOrder>::before_append(tx).await?;
                let (data, member_id) = event_columns(&route, &event);
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO events (kind, channel_id, everyone, only_user_id, \
                       member_id, message_id, data, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                )
                .bind(event.name())
                .bind(route.channel_id)
                .bind(route.everyone)
                .bind(route.only_user)
                .bind(member_id)
                .bind(message_id)
                .bind(data)
                .bind(millis(now))
                .fetch_one(&mut **tx)
                .await?;
                Ok(StoredEvent::new(EventId(id), route, event))
            }

            #[async_trait]
            impl EventLog for $store {
                async fn events_after(
                    &self,
                    reader: Reader,
                    after: EventId,
                    page: Page,
                ) -> StoreResult<Vec<StoredEvent>> {
                    let sql = format!(
                        "SELECT {EVENT_COLUMNS} \
                         WHERE e.id > $1 AND ($3 IS NULL OR e.channel_id = $3) \
                           AND (e.only_user_id IS NULL OR e.only_user_id = $2) \
                           AND (e.everyone OR e.member_id = $2 OR e.channel_id = $3 \
                                OR e.channel_id IN (SELECT channel_id FROM channel_members \
                                                    WHERE user_id = $2)) \
                         ORDER BY e.id LIMIT $4"
                    );
                    let rows = sqlx::query_as::<_, EventRow>(&sql)
                        .bind(after.0)
                        .bind(reader.user_id)
                        .bind(reader.channel_id)
                        .bind(i64::from(page.events))
                        .fetch(&self.pool);
                    collect_page(rows, page).await
                }

                async fn latest_event_id(&self) -> StoreResult<EventId> {
                    let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM events")
                        .fetch_one(&self.pool)
                        .await?;
                    Ok(EventId(id.unwrap_or(0)))
                }

                async fn append_notification(
                    &self,
                    to: i64,
                    notification: &Notification,
                    now: DateTime<Utc>,
                ) -> StoreResult<StoredEvent> {
                    let mut tx = self.pool.begin().await?;
                    let general: i64 =
                        sqlx::query_scalar("SELECT id FROM channels WHERE name = 'general'")
                            .fetch_one(&mut *tx)
                            .await?;
                    let mut route = Route::members_of(general);
                    route.only_user = Some(to);
                    let event = ChatEvent::Notification(notification.clone());
                    let stored = append(&mut tx, route, event, None, now).await?;
                    tx.commit().await?;
                    Ok(stored)
                }
            }
        }
    };
}
pub(crate) use impl_event_log;
