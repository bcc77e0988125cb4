-- The last entry of the evidence log. Appending updates this row first, which makes
-- appenders wait for each other, so the chain never forks.
CREATE TABLE passage_evidence_head (
    singleton SMALLINT PRIMARY KEY CHECK (singleton = 1),
    sequence BIGINT NOT NULL,
    entry_hash TEXT NOT NULL
);

INSERT INTO passage_evidence_head (singleton, sequence, entry_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
