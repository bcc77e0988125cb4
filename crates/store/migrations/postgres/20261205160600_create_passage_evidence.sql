-- The evidence log: every envelope sent and received, with its signatures, in a hash chain.
-- entry_hash is the SM3 digest of the canonical JSON of the other columns, previous_hash
-- included, so changing or removing an entry breaks the chain from there on.
CREATE TABLE passage_evidence (
    sequence BIGINT PRIMARY KEY,
    -- Unix time in milliseconds.
    recorded_at BIGINT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
    message_id TEXT NOT NULL,
    sender TEXT NOT NULL,
    receiver TEXT NOT NULL,
    message_type TEXT NOT NULL,
    -- SM3 of the canonical JSON of the envelope, hex.
    envelope_sm3 TEXT NOT NULL,
    sender_key_id TEXT NOT NULL,
    sender_signature TEXT NOT NULL,
    hub_key_id TEXT,
    hub_signature TEXT,
    previous_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL
);
