-- papo's schema on PostgreSQL: the same tables, columns and seed row as
-- SQLite's migrations 0001 to 0003 produce, in one step (no PostgreSQL
-- database predates it).
--
-- Times are BIGINT milliseconds since the Unix epoch (UTC), as on SQLite:
-- both backends share one row mapping, and they compare as numbers.
-- Names use the "C" collation: they compare and sort byte by byte, as
-- SQLite does, whatever locale the cluster was created with.
-- Ids are identity columns: drawn from a sequence, never reused, even
-- after the newest row is deleted or a transaction rolls back.

CREATE TABLE users (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           TEXT COLLATE "C" NOT NULL,
    -- lowercase name: names are unique regardless of case
    name_key       TEXT COLLATE "C" NOT NULL UNIQUE,
    -- NULL for guests; the Argon2id PHC string for registered accounts
    password_hash  TEXT,
    created_at     BIGINT NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the secret token; the token itself is never stored
    token_hash  BYTEA PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id, expires_at);

CREATE TABLE api_tokens (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label         TEXT NOT NULL,
    -- SHA-256 of the secret; the secret is shown once and never stored
    token_hash    BYTEA NOT NULL UNIQUE,
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, id);

CREATE TABLE channels (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL UNIQUE,
    kind        TEXT NOT NULL DEFAULT 'public'
        CHECK (kind IN ('public', 'private', 'direct')),
    topic       TEXT,
    created_by  BIGINT REFERENCES users (id),
    -- A DM's people as their sorted user ids ("3,8,12"): the same people
    -- always get the same conversation.
    direct_key  TEXT,
    created_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX channels_by_direct_key ON channels (direct_key) WHERE direct_key IS NOT NULL;
INSERT INTO channels (name, created_at)
VALUES ('general', (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT);

-- Everyone is in #general: each new user joins it when created.
CREATE TABLE channel_members (
    channel_id    BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at     BIGINT NOT NULL,
    -- the newest message id this member has read in this channel
    last_read_id  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX channel_members_by_user ON channel_members (user_id, channel_id);

CREATE TABLE messages (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel_id     BIGINT NOT NULL REFERENCES channels (id),
    author_id      BIGINT NOT NULL REFERENCES users (id),
    body           TEXT NOT NULL,
    -- Markdown rendered and sanitized when written
    html           TEXT,
    created_at     BIGINT NOT NULL,
    edited_at      BIGINT,
    deleted_at     BIGINT,
    -- the names of the members it @mentions, space-separated, for display
    mention_names  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX messages_by_channel ON messages (channel_id, id);

-- Who a message mentions, to count unread mentions.
CREATE TABLE mentions (
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message_id  BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, message_id)
);

-- Every durable event, in commit order: what live feeds replay. The id is
-- the SSE id clients resume from; appending takes an advisory lock so that
-- ids commit in the order they are drawn (see `store::postgres::events`).
CREATE TABLE events (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          TEXT NOT NULL,
    channel_id    BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    -- every signed-in person may see it (a public channel was created)
    everyone      BOOLEAN NOT NULL DEFAULT FALSE,
    -- set: only this person's feeds carry it (read markers)
    only_user_id  BIGINT REFERENCES users (id) ON DELETE CASCADE,
    -- member_joined / member_left: whom it is about
    member_id     BIGINT REFERENCES users (id) ON DELETE CASCADE,
    -- message events are rebuilt from the message's current row, so a
    -- deleted message's text is not replayed
    message_id    BIGINT REFERENCES messages (id) ON DELETE CASCADE,
    -- the payload of the other events, as JSON
    data          TEXT,
    created_at    BIGINT NOT NULL
);
CREATE INDEX events_by_channel ON events (channel_id, id);
