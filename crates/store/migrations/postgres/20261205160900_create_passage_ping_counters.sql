-- Counters of the diagnostic message type test.ping: how many pings each sender's ordering
-- key applied.
CREATE TABLE passage_ping_counters (
    sender TEXT NOT NULL,
    ordering_key TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (sender, ordering_key)
);
