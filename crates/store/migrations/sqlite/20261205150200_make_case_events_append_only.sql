-- A case's history is evidence of how it was handled, so the database itself rejects changes
-- to recorded events.
CREATE TRIGGER case_events_reject_update BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only: UPDATE is rejected');
END;

CREATE TRIGGER case_events_reject_delete BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only: DELETE is rejected');
END;
