-- Every instance of papo follows the event log: a statement that adds
-- events wakes them all (NOTIFY is delivered at commit, and notices sent
-- within one transaction are folded into one). The notice carries nothing:
-- instances read the new events from the table, so a lost or folded notice
-- loses nothing, and rows added by another program wake them too.
CREATE FUNCTION papo_notify_new_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('papo_events', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER events_notify AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION papo_notify_new_events();
