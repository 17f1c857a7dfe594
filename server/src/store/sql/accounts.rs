//! [`crate::store::Accounts`] in the shared SQL.

/// Implements [`crate::store::Accounts`] for `$store`.
macro_rules! impl_accounts {
    ($store:ident) => {
        mod accounts {
            use domain::{ApiTokenInfo, Nickname, TokenLabel, Viewer};
            use async_trait::async_trait;
            use chrono::{DateTime, Utc};

            use super::{
                channels::{channel_in, membership_event},
                $store,
            };
            use $crate::store::{
                rows::{from_millis, millis, nickname},
                sql::Backend,
                Accounts, Opened, RetiredGuest, StoreError, StoreResult, TokenHash,
            };

            type Tx<'t> = sqlx::Transaction<'t, <$store as Backend>::Db>;

            async fn insert_session(
                tx: &mut Tx<'_>,
                user_id: i64,
                token_hash: &TokenHash,
                now: DateTime<Utc>,
                expires_at: DateTime<Utc>,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(&token_hash[..])
                .bind(user_id)
                .bind(millis(now))
                .bind(millis(expires_at))
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            /// Puts a new user in #general, having read what is already there.
            async fn join_general(
                tx: &mut Tx<'_>,
                user_id: i64,
                now: DateTime<Utc>,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO channel_members (channel_id, user_id, joined_at, last_read_id) \
                     SELECT c.id, $1, $2, \
                       (SELECT COALESCE(MAX(m.id), 0) FROM messages m WHERE m.channel_id = c.id) \
                     FROM channels c WHERE c.name = 'general' \
                     ON CONFLICT DO NOTHING",
                )
                .bind(user_id)
                .bind(millis(now))
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            /// Retires the guest called `key` if nobody holds a session for it (and it
            /// is not `keep`): whoever takes the name next is a new person. The old
            /// row keeps its display name, so its messages still show who wrote them,
            /// but its key no longer matches any name (`#` cannot be in one), and it
            /// leaves every channel: the newcomer inherits no private channel, DM,
            /// read position or edit right of the guest who had the name before. Its
            /// sessions (expired, but perhaps not yet on every clock) are deleted.
            async fn retire_idle_guest(
                tx: &mut Tx<'_>,
                key: &str,
                keep: Option<i64>,
                now: DateTime<Utc>,
            ) -> StoreResult<Option<RetiredGuest>> {
                let retired: Option<(i64, String)> = sqlx::query_as(
                    "UPDATE users SET name_key = name_key || '#' || id \
                     WHERE name_key = $1 AND password_hash IS NULL AND id IS DISTINCT FROM $2 \
                       AND NOT EXISTS (SELECT 1 FROM sessions s \
                                       WHERE s.user_id = users.id AND s.expires_at > $3) \
                     RETURNING id, name",
                )
                .bind(key)
                .bind(keep)
                .bind(millis(now))
                .fetch_optional(&mut **tx)
                .await?;
                let Some((user_id, name)) = retired else {
                    return Ok(None);
                };
                let user = (user_id, nickname(&name)?);
                let channels: Vec<i64> = sqlx::query_scalar(
                    "SELECT m.channel_id \
                     FROM channel_members m JOIN channels c ON c.id = m.channel_id \
                     WHERE m.user_id = $1 AND c.name <> 'general' ORDER BY m.channel_id",
                )
                .bind(user_id)
                .fetch_all(&mut **tx)
                .await?;
                let mut left = Vec::with_capacity(channels.len());
                for channel_id in channels {
                    let channel = channel_in(tx, channel_id).await?;
                    left.push(membership_event(tx, &channel, &user, None, false, now).await?);
                }
                for table in ["channel_members", "sessions"] {
                    sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
                        .bind(user_id)
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(Some(RetiredGuest { user_id, left }))
            }

            #[async_trait]
            impl Accounts for $store {
                async fn open_guest_session(
                    &self,
                    name: &Nickname,
                    token_hash: &TokenHash,
                    now: DateTime<Utc>,
                    expires_at: DateTime<Utc>,
                ) -> StoreResult<Opened> {
                    let mut tx = self.pool.begin().await?;
                    // Two joins for one name cannot both get it. On SQLite the
                    // first statement writes, so it takes the write lock here; on
                    // PostgreSQL the unique name key makes the second insert wait
                    // for the first to commit, then do nothing.
                    let retired = retire_idle_guest(&mut tx, &name.key(), None, now).await?;
                    // Still taken: by a guest with a session, or by an account.
                    let user_id: Option<i64> = sqlx::query_scalar(
                        "INSERT INTO users (name, name_key, created_at) VALUES ($1, $2, $3) \
                         ON CONFLICT (name_key) DO NOTHING RETURNING id",
                    )
                    .bind(name.as_str())
                    .bind(name.key())
                    .bind(millis(now))
                    .fetch_optional(&mut *tx)
                    .await?;
                    let user_id = user_id.ok_or(StoreError::NameTaken)?;
                    insert_session(&mut tx, user_id, token_hash, now, expires_at).await?;
                    join_general(&mut tx, user_id, now).await?;
                    tx.commit().await?;
                    let viewer = Viewer {
                        user_id,
                        name: name.clone(),
                        registered: false,
                    };
                    Ok(Opened { viewer, retired })
                }

                async fn register(
                    &self,
                    name: &Nickname,
                    password_hash: &str,
                    claimant: Option<i64>,
                    token_hash: &TokenHash,
                    now: DateTime<Utc>,
                    expires_at: DateTime<Utc>,
                ) -> StoreResult<Opened> {
                    let mut tx = self.pool.begin().await?;
                    let retired = retire_idle_guest(&mut tx, &name.key(), claimant, now).await?;
                    // A conflict left is an account, a guest with a session, or the
                    // claimant, which alone becomes the account (keeping its messages).
                    let user_id: Option<i64> = sqlx::query_scalar(
                        "INSERT INTO users \
                           (name, name_key, password_hash, created_at, registered_at) \
                         VALUES ($1, $2, $3, $4, $4) \
                         ON CONFLICT (name_key) DO UPDATE \
                           SET name = excluded.name, password_hash = excluded.password_hash, \
                               registered_at = excluded.registered_at \
                         WHERE users.password_hash IS NULL AND users.id IS NOT DISTINCT FROM $5 \
                         RETURNING id",
                    )
                    .bind(name.as_str())
                    .bind(name.key())
                    .bind(password_hash)
                    .bind(millis(now))
                    .bind(claimant)
                    .fetch_optional(&mut *tx)
                    .await?;
                    let user_id = user_id.ok_or(StoreError::NameTaken)?;
                    if claimant == Some(user_id) {
                        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                            .bind(user_id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    insert_session(&mut tx, user_id, token_hash, now, expires_at).await?;
                    join_general(&mut tx, user_id, now).await?;
                    tx.commit().await?;
                    let viewer = Viewer {
                        user_id,
                        name: name.clone(),
                        registered: true,
                    };
                    Ok(Opened { viewer, retired })
                }

                async fn account(&self, name: &Nickname) -> StoreResult<Option<(Viewer, String)>> {
                    let row: Option<(i64, String, String)> = sqlx::query_as(
                        "SELECT id, name, password_hash FROM users \
                         WHERE name_key = $1 AND password_hash IS NOT NULL",
                    )
                    .bind(name.key())
                    .fetch_optional(&self.pool)
                    .await?;
                    row.map(|(user_id, name, hash)| {
                        Ok((
                            Viewer {
                                user_id,
                                name: nickname(&name)?,
                                registered: true,
                            },
                            hash,
                        ))
                    })
                    .transpose()
                }

                async fn first_account(&self) -> StoreResult<Option<i64>> {
                    let id = sqlx::query_scalar(
                        "SELECT id FROM users WHERE password_hash IS NOT NULL \
                         ORDER BY registered_at, id LIMIT 1",
                    )
                    .fetch_optional(&self.pool)
                    .await?;
                    Ok(id)
                }

                async fn open_session(
                    &self,
                    user_id: i64,
                    token_hash: &TokenHash,
                    now: DateTime<Utc>,
                    expires_at: DateTime<Utc>,
                ) -> StoreResult<()> {
                    let mut tx = self.pool.begin().await?;
                    insert_session(&mut tx, user_id, token_hash, now, expires_at).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn close_session(&self, token_hash: &TokenHash) -> StoreResult<()> {
                    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                        .bind(&token_hash[..])
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn close_all_sessions(&self, user_id: i64) -> StoreResult<()> {
                    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                        .bind(user_id)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn create_api_token(
                    &self,
                    user_id: i64,
                    label: &TokenLabel,
                    token_hash: &TokenHash,
                    now: DateTime<Utc>,
                ) -> StoreResult<ApiTokenInfo> {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO api_tokens (user_id, label, token_hash, created_at) \
                         VALUES ($1, $2, $3, $4) RETURNING id",
                    )
                    .bind(user_id)
                    .bind(label.as_str())
                    .bind(&token_hash[..])
                    .bind(millis(now))
                    .fetch_one(&self.pool)
                    .await?;
                    Ok(ApiTokenInfo {
                        id,
                        label: label.clone(),
                        created_at: from_millis(millis(now))?,
                        last_used_at: None,
                    })
                }

                async fn api_tokens(&self, user_id: i64) -> StoreResult<Vec<ApiTokenInfo>> {
                    let rows: Vec<(i64, String, i64, Option<i64>)> = sqlx::query_as(
                        "SELECT id, label, created_at, last_used_at FROM api_tokens \
                         WHERE user_id = $1 ORDER BY id",
                    )
                    .bind(user_id)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|(id, label, created_at, last_used_at)| {
                            Ok(ApiTokenInfo {
                                id,
                                label: TokenLabel::parse(&label).map_err(|e| {
                                    StoreError::Corrupt(format!("token label {label:?}: {e}"))
                                })?,
                                created_at: from_millis(created_at)?,
                                last_used_at: last_used_at.map(from_millis).transpose()?,
                            })
                        })
                        .collect()
                }

                async fn revoke_api_token(
                    &self,
                    user_id: i64,
                    id: i64,
                    only: Option<&TokenHash>,
                ) -> StoreResult<Option<TokenHash>> {
                    let hash: Option<Vec<u8>> = sqlx::query_scalar(
                        "DELETE FROM api_tokens WHERE id = $1 AND user_id = $2 \
                           AND ($3 IS NULL OR token_hash = $3) \
                         RETURNING token_hash",
                    )
                    .bind(id)
                    .bind(user_id)
                    .bind(only.map(|hash| &hash[..]))
                    .fetch_optional(&self.pool)
                    .await?;
                    hash.map(|bytes| {
                        TokenHash::try_from(bytes.as_slice())
                            .map_err(|_| StoreError::Corrupt("a token hash is not 32 bytes".into()))
                    })
                    .transpose()
                }

                async fn api_token_viewer(
                    &self,
                    token_hash: &TokenHash,
                    now: DateTime<Utc>,
                ) -> StoreResult<Option<Viewer>> {
                    let row: Option<(i64, String, bool)> = sqlx::query_as(
                        "UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1 \
                         RETURNING user_id, \
                           (SELECT name FROM users WHERE id = user_id), \
                           (SELECT password_hash IS NOT NULL FROM users WHERE id = user_id)",
                    )
                    .bind(&token_hash[..])
                    .bind(millis(now))
                    .fetch_optional(&self.pool)
                    .await?;
                    row.map(|(user_id, name, registered)| {
                        Ok(Viewer {
                            user_id,
                            name: nickname(&name)?,
                            registered,
                        })
                    })
                    .transpose()
                }

                async fn session_viewer(
                    &self,
                    token_hash: &TokenHash,
                    now: DateTime<Utc>,
                ) -> StoreResult<Option<(Viewer, DateTime<Utc>)>> {
                    let row: Option<(i64, String, bool, i64)> = sqlx::query_as(
                        "SELECT u.id, u.name, u.password_hash IS NOT NULL, s.expires_at \
                         FROM sessions s JOIN users u ON u.id = s.user_id \
                         WHERE s.token_hash = $1 AND s.expires_at > $2",
                    )
                    .bind(&token_hash[..])
                    .bind(millis(now))
                    .fetch_optional(&self.pool)
                    .await?;
                    row.map(|(user_id, name, registered, expires_at)| {
                        Ok((
                            Viewer {
                                user_id,
                                name: nickname(&name)?,
                                registered,
                            },
                            from_millis(expires_at)?,
                        ))
                    })
                    .transpose()
                }

                async fn extend_session(
                    &self,
                    token_hash: &TokenHash,
                    expires_at: DateTime<Utc>,
                ) -> StoreResult<()> {
                    sqlx::query("UPDATE sessions SET expires_at = $2 WHERE token_hash = $1")
                        .bind(&token_hash[..])
                        .bind(millis(expires_at))
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }
            }
        }
    };
}
pub(crate) use impl_accounts;
