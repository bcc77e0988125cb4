-- The steps of a rectification are evidence of how a bad rating was followed up, so the
-- database itself rejects changes to recorded events.
CREATE FUNCTION rectification_events_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rectification_events is append-only: % is rejected', TG_OP;
END;
$$;

CREATE TRIGGER rectification_events_reject_update_delete
    BEFORE UPDATE OR DELETE ON rectification_events
    FOR EACH ROW EXECUTE FUNCTION rectification_events_reject_change();

CREATE TRIGGER rectification_events_reject_truncate
    BEFORE TRUNCATE ON rectification_events
    FOR EACH STATEMENT EXECUTE FUNCTION rectification_events_reject_change();
