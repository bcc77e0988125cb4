-- The hub's registry of nodes. A revoked node keeps its row, so its id stays taken and its
-- history readable, but it leaves the trust list.
CREATE TABLE nodes (
    node_id TEXT PRIMARY KEY,
    -- region or department.
    kind TEXT NOT NULL,
    division_code TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    -- Public URL of the node, without a trailing slash.
    endpoint TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'revoked')),
    -- Unix time in milliseconds.
    enrolled_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revocation_reason TEXT
);
