-- The delivery workers look for pending rows that are due.
CREATE INDEX passage_outbox_due ON passage_outbox (next_attempt_at, id) WHERE status = 'pending';
