-- The steps of a rectification are evidence of how a bad rating was followed up, so the
-- database itself rejects changes to recorded events.
CREATE TRIGGER rectification_events_reject_update BEFORE UPDATE ON rectification_events
BEGIN
    SELECT RAISE(ABORT, 'rectification_events is append-only: UPDATE is rejected');
END;

CREATE TRIGGER rectification_events_reject_delete BEFORE DELETE ON rectification_events
BEGIN
    SELECT RAISE(ABORT, 'rectification_events is append-only: DELETE is rejected');
END;
