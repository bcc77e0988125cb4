-- E-seal certificates the hub issued to the departments of nodes, and their revocations.
CREATE TABLE seal_certificates (
    serial TEXT PRIMARY KEY,
    node_id TEXT NOT NULL,
    department TEXT NOT NULL,
    department_code TEXT NOT NULL,
    seal_name TEXT NOT NULL,
    -- One certificate per seal key.
    key_id TEXT NOT NULL UNIQUE,
    public_key TEXT NOT NULL,
    -- Unix time in milliseconds.
    valid_from BIGINT NOT NULL,
    valid_until BIGINT NOT NULL,
    issued_at BIGINT NOT NULL,
    -- The signed certificate, JSON.
    document TEXT NOT NULL,
    revoked_at BIGINT,
    revocation_reason TEXT,
    revoked_by TEXT
);
