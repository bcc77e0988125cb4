-- The data access log: every query about a person's data, answered or rejected, as seen by
-- this platform as provider, relay (hub) or consumer, in a hash chain. entry_hash is the SM3
-- digest of the canonical JSON of the other columns, previous_hash included.
CREATE TABLE data_access_log (
    sequence BIGINT PRIMARY KEY,
    -- Unix time in milliseconds.
    recorded_at BIGINT NOT NULL,
    -- provider, hub or consumer.
    recorded_as TEXT NOT NULL CHECK (recorded_as IN ('provider', 'hub', 'consumer')),
    request_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    provider_node TEXT NOT NULL,
    consumer TEXT NOT NULL,
    grant_id TEXT NOT NULL,
    -- Resident ID number of the person the query is about.
    subject TEXT NOT NULL,
    -- JSON array of the field names asked for.
    fields TEXT NOT NULL,
    purpose TEXT NOT NULL,
    case_number TEXT,
    -- requested, answered or rejected.
    outcome TEXT NOT NULL,
    -- The rejection code, such as no-grant or rate-limit.
    reason TEXT,
    previous_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL
);

CREATE INDEX data_access_log_by_subject ON data_access_log (subject, sequence);

-- The last entry of the chain. Appending updates this row first, so appenders wait for each
-- other and the chain never forks.
CREATE TABLE data_access_log_head (
    singleton SMALLINT PRIMARY KEY CHECK (singleton = 1),
    sequence BIGINT NOT NULL,
    entry_hash TEXT NOT NULL
);

INSERT INTO data_access_log_head (singleton, sequence, entry_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
