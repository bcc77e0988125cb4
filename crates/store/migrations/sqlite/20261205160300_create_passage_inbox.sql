-- Every envelope a receiver accepted, keyed by message id, so a second delivery of the same
-- message has no effect. A message waits here until those before it in its ordering key are
-- applied.
CREATE TABLE passage_inbox (
    message_id TEXT PRIMARY KEY,
    sender TEXT NOT NULL,
    ordering_key TEXT NOT NULL,
    sequence BIGINT NOT NULL,
    message_type TEXT NOT NULL,
    -- The envelope as received, canonical JSON.
    envelope TEXT NOT NULL,
    -- waiting: stored until its turn; applied; rejected: its handler rejected it when its turn
    -- came; stale: its sequence number was applied already under another message id.
    status TEXT NOT NULL CHECK (status IN ('waiting', 'applied', 'rejected', 'stale')),
    -- Unix time in milliseconds.
    received_at BIGINT NOT NULL,
    applied_at BIGINT,
    detail TEXT
);
