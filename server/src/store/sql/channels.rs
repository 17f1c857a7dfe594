//! [`crate::store::Channels`] in the shared SQL, and what it builds
//! without the database.

use domain::{
    events::{ChatEvent, Membership},
    ChannelKind, Nickname, Viewer,
};

use crate::{
    live::event_log::{MemberChange, Route},
    store::{rows::ChannelRow, ChannelRecord},
};

/// Unread counts stop here: a badge says "999+" rather than making the
/// sidebar count a million rows.
pub(crate) const UNREAD_CAP: i64 = 1000;

#[derive(sqlx::FromRow)]
pub(crate) struct SummaryRow {
    #[sqlx(flatten)]
    pub channel: ChannelRow,
    pub last_read_id: i64,
    pub unread: i64,
    pub mentions: i64,
    pub newest_id: i64,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ListingRow {
    #[sqlx(flatten)]
    pub channel: ChannelRow,
    pub members: i64,
    pub joined: bool,
}

/// The `member_joined` or `member_left` event of `user`, and its route.
pub(crate) fn membership(
    channel: &ChannelRecord,
    user: &(i64, Nickname),
    by: Option<&Nickname>,
    joined: bool,
) -> (Route, ChatEvent) {
    let membership = Membership {
        channel: channel.info.name.clone(),
        user: user.1.clone(),
        by: by.filter(|b| b.key() != user.1.key()).cloned(),
    };
    let (change, event) = if joined {
        (
            MemberChange::Joined(user.0),
            ChatEvent::MemberJoined(membership),
        )
    } else {
        (
            MemberChange::Left(user.0),
            ChatEvent::MemberLeft(membership),
        )
    };
    let mut route = Route::members_of(channel.id);
    route.member = Some(change);
    (route, event)
}

/// A channel's `channel_created` event, for everyone when it is public.
pub(crate) fn created(channel: &ChannelRecord) -> (Route, ChatEvent) {
    let mut route = Route::members_of(channel.id);
    route.everyone = channel.info.kind == ChannelKind::Public;
    (route, ChatEvent::ChannelCreated(channel.info.clone()))
}

/// The people of a DM, by id, and its key: their sorted ids ("3,8,12"),
/// so the same people always get the same conversation.
pub(crate) fn direct_people(
    opener: &Viewer,
    others: &[(i64, Nickname)],
) -> (Vec<(i64, Nickname)>, String) {
    let mut people: Vec<(i64, Nickname)> = vec![(opener.user_id, opener.name.clone())];
    people.extend(others.iter().cloned());
    people.sort_by_key(|(id, _)| *id);
    people.dedup_by_key(|(id, _)| *id);
    let key: Vec<String> = people.iter().map(|(id, _)| id.to_string()).collect();
    (people, key.join(","))
}

pub(crate) fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// Implements [`crate::store::Channels`] for `$store`.
macro_rules! impl_channels {
    ($store:ident) => {
        mod channels {
            use std::collections::HashSet;

            use app::{
                domain::{
                    ChannelKind, ChannelListing, ChannelName, ChannelSummary, ChannelTopic,
                    MessageId, Nickname, Viewer,
                },
                events::{ChatEvent, ReadMarker},
            };
            use async_trait::async_trait;
            use chrono::{DateTime, Utc};

            use super::{events::append, $store};
            use $crate::{
                live::event_log::{Route, StoredEvent},
                store::{
                    rows::{
                        channel_name, count, millis, nickname, ChannelRow, SeenChannelRow,
                        CHANNEL_COLUMNS, CHANNEL_FROM,
                    },
                    sql::{
                        channels::{
                            created, direct_people, is_unique_violation, membership, ListingRow,
                            SummaryRow, UNREAD_CAP,
                        },
                        ArrayParameters, Backend,
                    },
                    ChannelRecord, Channels, StoreError, StoreResult,
                },
            };

            type Tx<'t> = sqlx::Transaction<'t, <$store as Backend>::Db>;

            pub(super) async fn channel_in(tx: &mut Tx<'_>, id: i64) -> StoreResult<ChannelRecord> {
                let row: ChannelRow = sqlx::query_as(&format!(
                    "SELECT {CHANNEL_COLUMNS} {CHANNEL_FROM} WHERE c.id = $1"
                ))
                .bind(id)
                .fetch_one(&mut **tx)
                .await?;
                ChannelRecord::try_from(row)
            }

            /// The DM of the people whose sorted ids are `key`, if it exists.
            async fn direct_channel(
                tx: &mut Tx<'_>,
                key: &str,
            ) -> StoreResult<Option<ChannelRecord>> {
                let id: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM channels WHERE direct_key = $1")
                        .bind(key)
                        .fetch_optional(&mut **tx)
                        .await?;
                match id {
                    Some(id) => Ok(Some(channel_in(tx, id).await?)),
                    None => Ok(None),
                }
            }

            /// Inserts a membership; false if it existed. A new member has read what
            /// the channel already holds.
            async fn insert_member(
                tx: &mut Tx<'_>,
                channel_id: i64,
                user_id: i64,
                now: DateTime<Utc>,
            ) -> StoreResult<bool> {
                let done = sqlx::query(
                    "INSERT INTO channel_members (channel_id, user_id, joined_at, last_read_id) \
                     VALUES ($1, $2, $3, \
                       (SELECT COALESCE(MAX(id), 0) FROM messages WHERE channel_id = $1)) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(channel_id)
                .bind(user_id)
                .bind(millis(now))
                .execute(&mut **tx)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            /// The `member_joined` or `member_left` event of `user`.
            pub(super) async fn membership_event(
                tx: &mut Tx<'_>,
                channel: &ChannelRecord,
                user: &(i64, Nickname),
                by: Option<&Nickname>,
                joined: bool,
                now: DateTime<Utc>,
            ) -> StoreResult<StoredEvent> {
                let (route, event) = membership(channel, user, by, joined);
                append(tx, route, event, None, now).await
            }

            async fn created_event(
                tx: &mut Tx<'_>,
                channel: &ChannelRecord,
                now: DateTime<Utc>,
            ) -> StoreResult<StoredEvent> {
                let (route, event) = created(channel);
                append(tx, route, event, None, now).await
            }

            #[async_trait]
            impl Channels for $store {
                async fn channel(&self, name: &ChannelName) -> StoreResult<Option<ChannelRecord>> {
                    let row: Option<ChannelRow> = sqlx::query_as(&format!(
                        "SELECT {CHANNEL_COLUMNS} {CHANNEL_FROM} WHERE c.name = $1"
                    ))
                    .bind(name.as_str())
                    .fetch_optional(&self.pool)
                    .await?;
                    row.map(ChannelRecord::try_from).transpose()
                }

                async fn channel_seen_by(
                    &self,
                    name: &ChannelName,
                    user_id: i64,
                ) -> StoreResult<Option<(ChannelRecord, bool)>> {
                    let row: Option<SeenChannelRow> = sqlx::query_as(&format!(
                        "SELECT {CHANNEL_COLUMNS}, EXISTS (SELECT 1 FROM channel_members \
                             WHERE channel_id = c.id AND user_id = $2) AS member \
                         {CHANNEL_FROM} WHERE c.name = $1"
                    ))
                    .bind(name.as_str())
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.map(|row| Ok((ChannelRecord::try_from(row.channel)?, row.member)))
                        .transpose()
                }

                async fn channel_by_id(&self, id: i64) -> StoreResult<Option<ChannelRecord>> {
                    let row: Option<ChannelRow> = sqlx::query_as(&format!(
                        "SELECT {CHANNEL_COLUMNS} {CHANNEL_FROM} WHERE c.id = $1"
                    ))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.map(ChannelRecord::try_from).transpose()
                }

                async fn is_member(&self, channel_id: i64, user_id: i64) -> StoreResult<bool> {
                    let found: Option<bool> = sqlx::query_scalar(
                        "SELECT TRUE FROM channel_members WHERE channel_id = $1 AND user_id = $2",
                    )
                    .bind(channel_id)
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await?;
                    Ok(found.is_some())
                }

                async fn channels_for_presence(
                    &self,
                    user_id: i64,
                    max_members: u32,
                ) -> StoreResult<Vec<(i64, ChannelName)>> {
                    // Counting stops past the bound: a huge channel costs no more.
                    let rows: Vec<(i64, String)> = sqlx::query_as(
                        "SELECT c.id, c.name \
                         FROM channel_members cm JOIN channels c ON c.id = cm.channel_id \
                         WHERE cm.user_id = $1 \
                           AND (SELECT COUNT(*) FROM (SELECT 1 FROM channel_members x \
                                WHERE x.channel_id = c.id LIMIT $2 + 1) bounded) <= $2",
                    )
                    .bind(user_id)
                    .bind(i64::from(max_members))
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|(id, name)| Ok((id, channel_name(&name)?)))
                        .collect()
                }

                async fn channel_ids_of(&self, user_id: i64) -> StoreResult<HashSet<i64>> {
                    let ids: Vec<i64> = sqlx::query_scalar(
                        "SELECT channel_id FROM channel_members WHERE user_id = $1",
                    )
                    .bind(user_id)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(ids.into_iter().collect())
                }

                async fn member_names(&self, channel_id: i64) -> StoreResult<Vec<Nickname>> {
                    let names: Vec<String> = sqlx::query_scalar(
                        "SELECT u.name FROM channel_members cm JOIN users u ON u.id = cm.user_id \
                         WHERE cm.channel_id = $1 ORDER BY u.name_key",
                    )
                    .bind(channel_id)
                    .fetch_all(&self.pool)
                    .await?;
                    names.iter().map(|n| nickname(n)).collect()
                }

                async fn member_count(&self, channel_id: i64) -> StoreResult<u32> {
                    let members: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM channel_members WHERE channel_id = $1",
                    )
                    .bind(channel_id)
                    .fetch_one(&self.pool)
                    .await?;
                    Ok(count(members))
                }

                async fn members_named(
                    &self,
                    channel_id: i64,
                    names: &[String],
                ) -> StoreResult<Vec<(i64, Nickname)>> {
                    if names.is_empty() {
                        return Ok(Vec::new());
                    }
                    let keys: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
                    let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
                        "SELECT u.id, u.name \
                         FROM channel_members cm JOIN users u ON u.id = cm.user_id \
                         WHERE cm.channel_id = $1 AND {}",
                        <$store as ArrayParameters>::any_of("u.name_key", "$2"),
                    ))
                    .bind(channel_id)
                    .bind(<$store as ArrayParameters>::array(keys))
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|(id, name)| Ok((id, nickname(&name)?)))
                        .collect()
                }

                async fn user_named(
                    &self,
                    name: &Nickname,
                ) -> StoreResult<Option<(i64, Nickname)>> {
                    let row: Option<(i64, String)> =
                        sqlx::query_as("SELECT id, name FROM users WHERE name_key = $1")
                            .bind(name.key())
                            .fetch_optional(&self.pool)
                            .await?;
                    row.map(|(id, name)| Ok((id, nickname(&name)?))).transpose()
                }

                async fn summaries(&self, user_id: i64) -> StoreResult<Vec<ChannelSummary>> {
                    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
                        "SELECT {CHANNEL_COLUMNS}, me.last_read_id, \
                           (SELECT COUNT(*) FROM (SELECT 1 FROM messages m \
                              WHERE m.channel_id = c.id AND m.id > me.last_read_id \
                                AND m.author_id != $1 AND m.deleted_at IS NULL \
                              LIMIT $2) capped) AS unread, \
                           (SELECT COUNT(*) \
                              FROM mentions mn JOIN messages m ON m.id = mn.message_id \
                              WHERE mn.user_id = $1 AND m.channel_id = c.id \
                                AND m.id > me.last_read_id AND m.deleted_at IS NULL) \
                             AS mentions, \
                           (SELECT COALESCE(MAX(m.id), 0) FROM messages m \
                              WHERE m.channel_id = c.id) AS newest_id \
                         {CHANNEL_FROM} \
                         JOIN channel_members me ON me.channel_id = c.id AND me.user_id = $1 \
                         ORDER BY c.kind = 'direct', c.name"
                    ))
                    .bind(user_id)
                    .bind(UNREAD_CAP)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|row| {
                            Ok(ChannelSummary {
                                info: ChannelRecord::try_from(row.channel)?.info,
                                last_read_id: MessageId(row.last_read_id),
                                unread: count(row.unread),
                                mentions: count(row.mentions),
                                newest_id: MessageId(row.newest_id),
                            })
                        })
                        .collect()
                }

                async fn public_channels(&self, user_id: i64) -> StoreResult<Vec<ChannelListing>> {
                    let rows: Vec<ListingRow> = sqlx::query_as(&format!(
                        "SELECT {CHANNEL_COLUMNS}, \
                           (SELECT COUNT(*) FROM channel_members WHERE channel_id = c.id) \
                             AS members, \
                           EXISTS (SELECT 1 FROM channel_members \
                                   WHERE channel_id = c.id AND user_id = $1) AS joined \
                         {CHANNEL_FROM} WHERE c.kind = 'public' ORDER BY c.name"
                    ))
                    .bind(user_id)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|row| {
                            Ok(ChannelListing {
                                info: ChannelRecord::try_from(row.channel)?.info,
                                members: count(row.members),
                                joined: row.joined,
                            })
                        })
                        .collect()
                }

                async fn create_channel(
                    &self,
                    name: &ChannelName,
                    kind: ChannelKind,
                    topic: Option<&ChannelTopic>,
                    creator: &Viewer,
                    now: DateTime<Utc>,
                ) -> StoreResult<(ChannelRecord, Vec<StoredEvent>)> {
                    let mut tx = self.pool.begin().await?;
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO channels (name, kind, topic, created_by, created_at) \
                         VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    )
                    .bind(name.as_str())
                    .bind(kind.as_str())
                    .bind(topic.map(ChannelTopic::as_str))
                    .bind(creator.user_id)
                    .bind(millis(now))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| {
                        if is_unique_violation(&e) {
                            StoreError::ChannelTaken
                        } else {
                            e.into()
                        }
                    })?;
                    insert_member(&mut tx, id, creator.user_id, now).await?;
                    let channel = channel_in(&mut tx, id).await?;
                    let me = (creator.user_id, creator.name.clone());
                    let joined = membership_event(&mut tx, &channel, &me, None, true, now).await?;
                    let created = created_event(&mut tx, &channel, now).await?;
                    tx.commit().await?;
                    Ok((channel, vec![joined, created]))
                }

                async fn open_direct(
                    &self,
                    opener: &Viewer,
                    others: &[(i64, Nickname)],
                    now: DateTime<Utc>,
                ) -> StoreResult<(ChannelRecord, Vec<StoredEvent>)> {
                    let (people, key) = direct_people(opener, others);
                    let mut tx = self.pool.begin().await?;
                    if let Some(channel) = direct_channel(&mut tx, &key).await? {
                        tx.commit().await?;
                        return Ok((channel, Vec::new()));
                    }
                    // Named after its id, which the insert assigns. When another
                    // instance opens the same conversation at the same moment, this
                    // insert waits for its commit and then does nothing: both answer
                    // with the one conversation.
                    let id: Option<i64> = sqlx::query_scalar(
                        "INSERT INTO channels (name, kind, created_by, direct_key, created_at) \
                         VALUES ('dm-new-' || $1, 'direct', $2, $1, $3) \
                         ON CONFLICT DO NOTHING RETURNING id",
                    )
                    .bind(&key)
                    .bind(opener.user_id)
                    .bind(millis(now))
                    .fetch_optional(&mut *tx)
                    .await?;
                    let Some(id) = id else {
                        let channel = direct_channel(&mut tx, &key).await?;
                        tx.commit().await?;
                        let channel =
                            channel.ok_or(StoreError::Database(sqlx::Error::RowNotFound))?;
                        return Ok((channel, Vec::new()));
                    };
                    sqlx::query("UPDATE channels SET name = $2 WHERE id = $1")
                        .bind(id)
                        .bind(ChannelName::direct(id).as_str())
                        .execute(&mut *tx)
                        .await?;
                    for (user_id, _) in &people {
                        insert_member(&mut tx, id, *user_id, now).await?;
                    }
                    let channel = channel_in(&mut tx, id).await?;
                    let mut events = Vec::with_capacity(people.len() + 1);
                    for person in &people {
                        let event = membership_event(
                            &mut tx,
                            &channel,
                            person,
                            Some(&opener.name),
                            true,
                            now,
                        )
                        .await?;
                        events.push(event);
                    }
                    events.push(created_event(&mut tx, &channel, now).await?);
                    tx.commit().await?;
                    Ok((channel, events))
                }

                async fn add_member(
                    &self,
                    channel: &ChannelRecord,
                    user: &(i64, Nickname),
                    by: Option<&Nickname>,
                    now: DateTime<Utc>,
                ) -> StoreResult<Option<StoredEvent>> {
                    let mut tx = self.pool.begin().await?;
                    if !insert_member(&mut tx, channel.id, user.0, now).await? {
                        return Ok(None);
                    }
                    let event = membership_event(&mut tx, channel, user, by, true, now).await?;
                    tx.commit().await?;
                    Ok(Some(event))
                }

                async fn remove_member(
                    &self,
                    channel: &ChannelRecord,
                    user: &(i64, Nickname),
                    by: Option<&Nickname>,
                    now: DateTime<Utc>,
                ) -> StoreResult<Option<StoredEvent>> {
                    let mut tx = self.pool.begin().await?;
                    let done = sqlx::query(
                        "DELETE FROM channel_members WHERE channel_id = $1 AND user_id = $2",
                    )
                    .bind(channel.id)
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() == 0 {
                        return Ok(None);
                    }
                    let event = membership_event(&mut tx, channel, user, by, false, now).await?;
                    tx.commit().await?;
                    Ok(Some(event))
                }

                async fn mark_read(
                    &self,
                    channel: &ChannelRecord,
                    user_id: i64,
                    last_read_id: MessageId,
                    now: DateTime<Utc>,
                ) -> StoreResult<Option<StoredEvent>> {
                    let mut tx = self.pool.begin().await?;
                    // The smaller of `last_read_id` and the newest message's id,
                    // with CASE: SQLite spells it MIN(a, b), PostgreSQL LEAST(a, b).
                    let moved: Option<i64> = sqlx::query_scalar(
                        "WITH newest AS (SELECT COALESCE(MAX(id), 0) AS id \
                                         FROM messages WHERE channel_id = $1), \
                              target AS (SELECT CASE WHEN id < $3 THEN id \
                                                ELSE $3 END AS id \
                                         FROM newest) \
                         UPDATE channel_members SET last_read_id = (SELECT id FROM target) \
                         WHERE channel_id = $1 AND user_id = $2 \
                           AND last_read_id < (SELECT id FROM target) \
                         RETURNING last_read_id",
                    )
                    .bind(channel.id)
                    .bind(user_id)
                    .bind(last_read_id.0)
                    .fetch_optional(&mut *tx)
                    .await?;
                    let Some(moved) = moved else {
                        return Ok(None);
                    };
                    let mut route = Route::members_of(channel.id);
                    route.only_user = Some(user_id);
                    let marker = ReadMarker {
                        channel: channel.info.name.clone(),
                        last_read_id: MessageId(moved),
                    };
                    let event = append(&mut tx, route, ChatEvent::Read(marker), None, now).await?;
                    tx.commit().await?;
                    Ok(Some(event))
                }
            }
        }
    };
}
pub(crate) use impl_channels;
