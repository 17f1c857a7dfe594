-- Messages written straight into the table by another program (a database
-- shared between two applications) reach readers live too. When such a
-- transaction commits, each of its messages that has no event gets one,
-- appended as papo appends its own: under the same advisory lock (see
-- server/src/store/postgres/events.rs), so ids still commit in the order
-- they are drawn. papo writes a message's event in the message's own
-- transaction, so by commit the check finds it and adds nothing.
CREATE INDEX events_by_message ON events (message_id) WHERE message_id IS NOT NULL;

CREATE FUNCTION papo_log_foreign_message() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM events WHERE message_id = NEW.id AND kind = 'message') THEN
        PERFORM pg_advisory_xact_lock(1885433967);
        INSERT INTO events (kind, channel_id, message_id, created_at)
        VALUES ('message', NEW.channel_id, NEW.id, NEW.created_at);
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER messages_log_foreign AFTER INSERT ON messages
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION papo_log_foreign_message();
