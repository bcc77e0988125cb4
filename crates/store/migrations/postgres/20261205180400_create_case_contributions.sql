-- Joint handling (多地联办): a step the handling place asks another node to contribute to a
-- case, such as an opinion or a check. Both nodes keep a row under the same id: the
-- requester with its case, the contributor without.
CREATE TABLE case_contributions (
    -- Random id, given by the requester.
    id TEXT PRIMARY KEY,
    -- Node ids of the node that asks and of the node that contributes.
    requester TEXT NOT NULL,
    contributor TEXT NOT NULL,
    -- The case at the requester; NULL at the contributor.
    case_id TEXT REFERENCES cases (id),
    case_number TEXT NOT NULL,
    item_name TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    -- What is asked, and the clerk who asked.
    request TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    -- The contribution and the clerk who made it; NULL until then.
    opinion TEXT,
    answered_by TEXT,
    -- Unix time in milliseconds.
    requested_at BIGINT NOT NULL,
    answered_at BIGINT
);
CREATE INDEX case_contributions_contributor ON case_contributions (contributor, requested_at);
