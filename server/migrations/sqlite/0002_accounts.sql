-- Accounts and personal API tokens.

-- NULL for guests; the Argon2id PHC string for registered accounts.
ALTER TABLE users ADD COLUMN password_hash TEXT;

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label         TEXT NOT NULL,
    -- SHA-256 of the secret; the secret is shown once and never stored
    token_hash    BLOB NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, id);
