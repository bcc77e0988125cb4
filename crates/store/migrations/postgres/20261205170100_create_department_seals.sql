-- A node's e-seals: one SM2 key per department, whose private half lives in a key file under
-- <data_dir>/keys/seals/, and the certificate the hub issued for it.
CREATE TABLE department_seals (
    -- Unified social credit code of the department; names the key file.
    department_code TEXT PRIMARY KEY,
    department TEXT NOT NULL,
    seal_name TEXT NOT NULL,
    -- The seal's public key, SEC1 uncompressed hex, and its id.
    key_id TEXT NOT NULL,
    public_key TEXT NOT NULL,
    -- From the hub's certificate; NULL until the hub certified the seal.
    serial TEXT UNIQUE,
    -- The signed certificate as the hub returned it, JSON.
    certificate TEXT,
    -- Unix time in milliseconds.
    valid_from BIGINT,
    valid_until BIGINT,
    created_at BIGINT NOT NULL,
    certified_at BIGINT
);
