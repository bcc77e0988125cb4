-- The hub's national case index: the latest status of every submitted case at every node, as
-- the nodes report it. It holds no form data and no materials.
CREATE TABLE case_index (
    -- Node id of the node that holds the case and reported it.
    reporter TEXT NOT NULL,
    -- 办件编号.
    case_number TEXT NOT NULL,
    -- The holder's subject at the hub (the OpenID Connect `sub`).
    holder_subject TEXT NOT NULL,
    item_name TEXT NOT NULL,
    -- 实施编码 or the implementation id, when the implementation has no code.
    item_code TEXT NOT NULL,
    status TEXT NOT NULL,
    -- Node ids of 收件地 and 办理地.
    receiving_place TEXT NOT NULL,
    handling_place TEXT NOT NULL,
    -- The case's version at the node; a report with a lower one than stored is stale.
    case_version BIGINT NOT NULL,
    -- Unix time in milliseconds of the change at the node and of the hub's last write.
    changed_at BIGINT NOT NULL,
    indexed_at BIGINT NOT NULL,
    PRIMARY KEY (reporter, case_number)
);
CREATE INDEX case_index_holder ON case_index (holder_subject, changed_at);
