-- The audit trail is evidence, so the database itself rejects changes to recorded events.
CREATE TRIGGER audit_events_reject_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE is rejected');
END;

CREATE TRIGGER audit_events_reject_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: DELETE is rejected');
END;
