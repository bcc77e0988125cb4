-- The data access log is evidence, so the database itself rejects changes to its entries.
CREATE TRIGGER data_access_log_reject_update BEFORE UPDATE ON data_access_log
BEGIN
    SELECT RAISE(ABORT, 'data_access_log is append-only: UPDATE is rejected');
END;

CREATE TRIGGER data_access_log_reject_delete BEFORE DELETE ON data_access_log
BEGIN
    SELECT RAISE(ABORT, 'data_access_log is append-only: DELETE is rejected');
END;
