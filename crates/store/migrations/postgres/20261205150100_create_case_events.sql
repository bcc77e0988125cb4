-- The history of a case: every change of its state, with who made it, when and why, and the
-- step record GB/T 39046 table 7 exchanges.
CREATE TABLE case_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    -- Position in the case's history, from 1.
    seq BIGINT NOT NULL,
    -- Unix time in milliseconds.
    occurred_at BIGINT NOT NULL,
    -- applicant, clerk or system.
    actor_kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    -- NULL when the case is created.
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT,
    -- JSON object.
    details TEXT,
    -- 环节名称; NULL for edits of a draft, which are no handling step.
    step_name TEXT,
    -- 业务动作: pass (通过), return (退回) or other (其他).
    step_action TEXT,
    -- 环节办理状态代码: 1 待办 (pending), 2 已办 (done).
    step_status INTEGER,
    -- 处理单位 and its unified social credit code.
    handling_unit TEXT,
    handling_unit_code TEXT,
    UNIQUE (case_id, seq)
);
