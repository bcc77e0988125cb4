-- Envelopes waiting to be delivered, and those delivered or given up. A node delivers every
-- row to the hub; the hub delivers each row to the node it is addressed to. A row is written
-- in the same transaction as the change that causes the message.
CREATE TABLE passage_outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,
    -- The instance the row is delivered to: the hub's id at a node, the receiver's at the hub.
    destination TEXT NOT NULL,
    sender TEXT NOT NULL,
    receiver TEXT NOT NULL,
    message_type TEXT NOT NULL,
    ordering_key TEXT NOT NULL,
    sequence BIGINT NOT NULL,
    -- The signed envelope, canonical JSON.
    envelope TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts INTEGER NOT NULL,
    -- Unix time in milliseconds.
    next_attempt_at BIGINT NOT NULL,
    -- A worker that claimed the row owns it until then; 0 when unclaimed.
    lease_until BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    delivered_at BIGINT,
    dead_at BIGINT,
    last_error TEXT
);
