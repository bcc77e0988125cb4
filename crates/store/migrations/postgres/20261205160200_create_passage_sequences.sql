-- The last sequence number a sender gave a message of each receiver and ordering key.
CREATE TABLE passage_sequences (
    receiver TEXT NOT NULL,
    ordering_key TEXT NOT NULL,
    last_sequence BIGINT NOT NULL,
    PRIMARY KEY (receiver, ordering_key)
);
