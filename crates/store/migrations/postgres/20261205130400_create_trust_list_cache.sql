-- The newest trust list a node fetched from the hub and verified: one row at most.
CREATE TABLE trust_list_cache (
    singleton SMALLINT PRIMARY KEY CHECK (singleton = 1),
    sequence BIGINT NOT NULL,
    -- Unix time in milliseconds.
    issued_at BIGINT NOT NULL,
    valid_until BIGINT NOT NULL,
    fetched_at BIGINT NOT NULL,
    -- The signed envelope as received, JSON.
    document TEXT NOT NULL
);
