-- papo's first schema: users, their sessions, channels and messages.
-- Times are INTEGER milliseconds since the Unix epoch (UTC): they compare
-- correctly as numbers, which text timestamps do not always do.

CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    -- lowercase name: names are unique regardless of case
    name_key    TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the secret token; the token itself is never stored
    token_hash  BLOB PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id, expires_at);

CREATE TABLE channels (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);
INSERT INTO channels (name, created_at) VALUES ('general', CAST(strftime('%s', 'now') AS INTEGER) * 1000);

CREATE TABLE messages (
    -- AUTOINCREMENT: ids are never reused, even after the newest row is
    -- deleted, because clients resume their live feed from them
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id  INTEGER NOT NULL REFERENCES channels (id),
    author_id   INTEGER NOT NULL REFERENCES users (id),
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX messages_by_channel ON messages (channel_id, id);
