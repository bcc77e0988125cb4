-- The implementation of another node that decides the cases of a forwarded item, as JSON
-- {"node": …, "implementation": …}; NULL for an item the node handles itself.
ALTER TABLE implementations ADD COLUMN handled_at TEXT;
