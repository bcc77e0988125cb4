-- The per-case facts of performance supervision: one row per case of a handling node, kept by
-- the node for its own cases and by the hub for the cases every node reports. Dates are
-- `YYYY-MM-DD` days in Asia/Shanghai.
CREATE TABLE supervision_cases (
    -- Node id of the handling node, which reports the case.
    reporter TEXT NOT NULL,
    -- 办件编号.
    case_number TEXT NOT NULL,
    department TEXT NOT NULL,
    department_code TEXT,
    -- 实施编码, or the implementation id when there is none, and 事项名称.
    item_code TEXT NOT NULL,
    item_name TEXT NOT NULL,
    status TEXT NOT NULL,
    received_on TEXT,
    accepted_on TEXT,
    decided_on TEXT,
    closed_on TEXT,
    -- The promised due date, or the statutory one when nothing is promised.
    due_on TEXT,
    -- 1 when decided by the due date, 0 when after it, NULL while undecided or without limit.
    on_time INTEGER,
    -- Working days from acceptance to the decision, NULL while undecided.
    handling_days INTEGER,
    -- The case's version at the node; a report with a lower one than stored is stale.
    case_version BIGINT NOT NULL,
    -- Unix time in milliseconds of the change at the node.
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (reporter, case_number)
);
CREATE INDEX supervision_cases_received ON supervision_cases (received_on);
