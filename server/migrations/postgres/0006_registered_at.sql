-- When each account was registered (NULL for guests). Without PAPO_ADMINS,
-- the account registered first is papo's admin; ids cannot tell which one
-- that is, as a guest that registers later keeps its older id.
ALTER TABLE users ADD COLUMN registered_at BIGINT;
UPDATE users SET registered_at = created_at WHERE password_hash IS NOT NULL;
CREATE INDEX users_by_registration ON users (registered_at, id)
    WHERE password_hash IS NOT NULL;
