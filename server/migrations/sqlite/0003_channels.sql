-- Step 3: public and private channels, direct messages, members and their
-- read positions, edits and deletes, mentions, and one log of durable events.

ALTER TABLE channels ADD COLUMN kind TEXT NOT NULL DEFAULT 'public'
    CHECK (kind IN ('public', 'private', 'direct'));
ALTER TABLE channels ADD COLUMN topic TEXT;
ALTER TABLE channels ADD COLUMN created_by INTEGER REFERENCES users (id);
-- A DM's people as their sorted user ids ("3,8,12"): the same people always
-- get the same conversation.
ALTER TABLE channels ADD COLUMN direct_key TEXT;
CREATE UNIQUE INDEX channels_by_direct_key ON channels (direct_key) WHERE direct_key IS NOT NULL;

CREATE TABLE channel_members (
    channel_id    INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at     INTEGER NOT NULL,
    -- the newest message id this member has read in this channel
    last_read_id  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX channel_members_by_user ON channel_members (user_id, channel_id);

-- Everyone is in #general, and has read what was there before this step.
INSERT INTO channel_members (channel_id, user_id, joined_at, last_read_id)
SELECT c.id, u.id, u.created_at, (SELECT COALESCE(MAX(id), 0) FROM messages)
FROM channels c, users u WHERE c.name = 'general';

-- Markdown rendered and sanitized when written; filled in at start-up for
-- messages written before this step.
ALTER TABLE messages ADD COLUMN html TEXT;
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
ALTER TABLE messages ADD COLUMN deleted_at INTEGER;
-- the names of the members it @mentions, space-separated, for display
ALTER TABLE messages ADD COLUMN mention_names TEXT NOT NULL DEFAULT '';

-- Who a message mentions, to count unread mentions.
CREATE TABLE mentions (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message_id  INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, message_id)
);

-- Every durable event, in commit order: what live feeds replay. The id is
-- the SSE id clients resume from.
CREATE TABLE events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT NOT NULL,
    channel_id    INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    -- 1: every signed-in person may see it (a public channel was created)
    everyone      INTEGER NOT NULL DEFAULT 0,
    -- set: only this person's feeds carry it (read markers)
    only_user_id  INTEGER REFERENCES users (id) ON DELETE CASCADE,
    -- member_joined / member_left: whom it is about
    member_id     INTEGER REFERENCES users (id) ON DELETE CASCADE,
    -- message events are rebuilt from the message's current row, so a
    -- deleted message's text is not replayed
    message_id    INTEGER REFERENCES messages (id) ON DELETE CASCADE,
    -- the payload of the other events, as JSON
    data          TEXT,
    created_at    INTEGER NOT NULL
);
CREATE INDEX events_by_channel ON events (channel_id, id);

-- The messages so far, as events with the same ids as the messages (the
-- ids clients of step 1 resume from).
INSERT INTO events (id, kind, channel_id, message_id, created_at)
SELECT id, 'message', channel_id, id, created_at FROM messages ORDER BY id;
