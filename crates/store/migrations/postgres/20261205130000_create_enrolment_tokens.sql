-- One-time tokens that let a node enrol with the hub. Only the SM3 digest of a token is kept,
-- and the node id, kind and division it was issued for must match the enrolment that uses it.
CREATE TABLE enrolment_tokens (
    token_digest TEXT PRIMARY KEY,
    node_id TEXT NOT NULL,
    -- region or department.
    kind TEXT NOT NULL,
    division_code TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    -- Unix time in milliseconds; used_at and cancelled_at stay NULL until that happens.
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    cancelled_at BIGINT
);
