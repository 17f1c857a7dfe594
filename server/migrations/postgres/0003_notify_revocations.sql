-- A session or API token that is deleted (signed out, signed out
-- everywhere, revoked, or removed by hand) ends the live feeds it opened on
-- every instance: each instance listens and checks its open feeds.
-- The payload is the kind and the token's SHA-256 in hex (see
-- server/src/log_follower.rs).
CREATE FUNCTION papo_notify_revoked_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('papo_revocations', 'session:' || encode(OLD.token_hash, 'hex'));
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_notify_revoked AFTER DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION papo_notify_revoked_session();

CREATE FUNCTION papo_notify_revoked_api_token() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('papo_revocations', 'api_token:' || encode(OLD.token_hash, 'hex'));
    RETURN NULL;
END
$$;

CREATE TRIGGER api_tokens_notify_revoked AFTER DELETE ON api_tokens
    FOR EACH ROW EXECUTE FUNCTION papo_notify_revoked_api_token();
