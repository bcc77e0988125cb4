-- What a node learned when it enrolled with the hub: one row at most. The client secret lets
-- the node log people in through the hub; the hub's public key checks the trust list.
CREATE TABLE node_enrolment (
    singleton SMALLINT PRIMARY KEY CHECK (singleton = 1),
    node_id TEXT NOT NULL,
    hub_url TEXT NOT NULL,
    -- SM2 public key of the hub, SEC1 uncompressed, hex.
    hub_public_key TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret TEXT NOT NULL,
    -- Unix time in milliseconds.
    enrolled_at BIGINT NOT NULL
);
