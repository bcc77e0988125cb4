-- The evidence log is evidence, so the database itself rejects changes to recorded entries.
CREATE TRIGGER passage_evidence_reject_update BEFORE UPDATE ON passage_evidence
BEGIN
    SELECT RAISE(ABORT, 'passage_evidence is append-only: UPDATE is rejected');
END;

CREATE TRIGGER passage_evidence_reject_delete BEFORE DELETE ON passage_evidence
BEGIN
    SELECT RAISE(ABORT, 'passage_evidence is append-only: DELETE is rejected');
END;
