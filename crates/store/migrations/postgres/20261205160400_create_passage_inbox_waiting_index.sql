-- Applying a message looks for the waiting message that comes next in its ordering key.
CREATE INDEX passage_inbox_waiting ON passage_inbox (sender, ordering_key, sequence)
    WHERE status = 'waiting';
