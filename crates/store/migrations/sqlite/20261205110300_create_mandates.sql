-- Mandates: a natural person acting as agent (经办人) for a legal person. A revoked mandate
-- stays as history; at most one mandate per pair is in force.
CREATE TABLE mandates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    credit_code TEXT NOT NULL REFERENCES legal_persons (credit_code),
    -- Unix time in milliseconds.
    granted_at BIGINT NOT NULL,
    -- The actor who granted it, such as account:<id>.
    granted_by TEXT NOT NULL,
    revoked_at BIGINT,
    revoked_by TEXT
);
CREATE UNIQUE INDEX mandates_in_force ON mandates (account_id, credit_code) WHERE revoked_at IS NULL;
CREATE INDEX mandates_credit_code ON mandates (credit_code);
