-- SM2 signing keys of the nodes. A key id belongs to one node only.
CREATE TABLE node_keys (
    key_id TEXT PRIMARY KEY,
    node_id TEXT NOT NULL REFERENCES nodes (node_id),
    -- SEC1 uncompressed point, lowercase hex.
    public_key TEXT NOT NULL,
    -- Unix time in milliseconds; valid_until is NULL while the key is current.
    valid_from BIGINT NOT NULL,
    valid_until BIGINT
);
