-- The evidence log is evidence, so the database itself rejects changes to recorded entries.
CREATE FUNCTION passage_evidence_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'passage_evidence is append-only: % is rejected', TG_OP;
END;
$$;

CREATE TRIGGER passage_evidence_reject_update_delete
    BEFORE UPDATE OR DELETE ON passage_evidence
    FOR EACH ROW EXECUTE FUNCTION passage_evidence_reject_change();

CREATE TRIGGER passage_evidence_reject_truncate
    BEFORE TRUNCATE ON passage_evidence
    FOR EACH STATEMENT EXECUTE FUNCTION passage_evidence_reject_change();
