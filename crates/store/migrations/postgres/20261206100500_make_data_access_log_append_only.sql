-- The data access log is evidence, so the database itself rejects changes to its entries.
CREATE FUNCTION data_access_log_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'data_access_log is append-only: % is rejected', TG_OP;
END;
$$;

CREATE TRIGGER data_access_log_reject_update_delete
    BEFORE UPDATE OR DELETE ON data_access_log
    FOR EACH ROW EXECUTE FUNCTION data_access_log_reject_change();

CREATE TRIGGER data_access_log_reject_truncate
    BEFORE TRUNCATE ON data_access_log
    FOR EACH STATEMENT EXECUTE FUNCTION data_access_log_reject_change();
