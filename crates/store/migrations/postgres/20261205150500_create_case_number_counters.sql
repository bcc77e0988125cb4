-- The last sequence number a node gave in the case numbers of one day. One row per node and
-- day, raised by a single upsert, so instances sharing a database never give a number twice.
CREATE TABLE case_number_counters (
    node_code TEXT NOT NULL,
    -- YYYY-MM-DD in Asia/Shanghai.
    day TEXT NOT NULL,
    last_sequence BIGINT NOT NULL,
    PRIMARY KEY (node_code, day)
);
