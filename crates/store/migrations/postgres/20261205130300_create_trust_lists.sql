-- Trust lists the hub signed, newest with the highest sequence. Hub instances that share the
-- database serve the newest row, and the primary key lets only one of them sign each number.
CREATE TABLE trust_lists (
    sequence BIGINT PRIMARY KEY,
    -- Unix time in milliseconds.
    issued_at BIGINT NOT NULL,
    valid_until BIGINT NOT NULL,
    -- Id of the hub key that signed it.
    key_id TEXT NOT NULL,
    -- SM3 digest of the canonical JSON of the listed nodes, to tell whether the registry
    -- changed since.
    nodes_digest TEXT NOT NULL,
    -- The signed envelope as served, JSON.
    document TEXT NOT NULL
);
