-- A case's history is evidence of how it was handled, so the database itself rejects changes
-- to recorded events.
CREATE FUNCTION case_events_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'case_events is append-only: % is rejected', TG_OP;
END;
$$;

CREATE TRIGGER case_events_reject_update_delete
    BEFORE UPDATE OR DELETE ON case_events
    FOR EACH ROW EXECUTE FUNCTION case_events_reject_change();

CREATE TRIGGER case_events_reject_truncate
    BEFORE TRUNCATE ON case_events
    FOR EACH STATEMENT EXECUTE FUNCTION case_events_reject_change();
