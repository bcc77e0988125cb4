-- E-certificates (电子证照) a node issued: the signed metadata, the signed QR payload and the
-- status the issuer sets.
CREATE TABLE certificates (
    -- 证照标识, GB/T 36904.
    id TEXT PRIMARY KEY,
    -- The approved case; one certificate per case.
    case_id TEXT NOT NULL UNIQUE REFERENCES cases (id),
    implementation_id TEXT NOT NULL,
    -- The issuing department, for the clerks who may revoke or cancel.
    department TEXT NOT NULL,
    department_code TEXT NOT NULL,
    type_code TEXT NOT NULL,
    name TEXT NOT NULL,
    -- The holder: resident_id or credit_code, and the number.
    holder_id_type TEXT NOT NULL,
    holder_id TEXT NOT NULL,
    holder_name TEXT NOT NULL,
    -- Dates are YYYY-MM-DD in Asia/Shanghai; valid_until NULL for no end.
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    seal_serial TEXT NOT NULL,
    -- The signed certificate document, JSON, exactly as signed.
    document TEXT NOT NULL,
    -- The signed QR payload.
    qr_payload TEXT NOT NULL,
    -- valid, revoked or cancelled.
    status TEXT NOT NULL,
    status_reason TEXT,
    status_changed_by TEXT,
    -- Unix time in milliseconds.
    status_changed_at BIGINT,
    issued_at BIGINT NOT NULL
);
CREATE INDEX certificates_holder ON certificates (holder_id_type, holder_id);
