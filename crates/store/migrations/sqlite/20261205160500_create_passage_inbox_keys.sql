-- The next sequence number a receiver applies for each sender and ordering key.
CREATE TABLE passage_inbox_keys (
    sender TEXT NOT NULL,
    ordering_key TEXT NOT NULL,
    next_sequence BIGINT NOT NULL,
    PRIMARY KEY (sender, ordering_key)
);
