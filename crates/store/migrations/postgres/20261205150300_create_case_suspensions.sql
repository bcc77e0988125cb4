-- Spans in which a case waits for someone outside the authority: a correction request
-- before acceptance, or a special procedure (特别程序) after it, which stops the clock.
CREATE TABLE case_suspensions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    -- correction or special_procedure.
    kind TEXT NOT NULL,
    -- Dates are YYYY-MM-DD in Asia/Shanghai; ended_on is NULL while the span runs.
    started_on TEXT NOT NULL,
    ended_on TEXT,
    reason TEXT NOT NULL,
    -- JSON array of what a correction request asks for; NULL for special procedures.
    items TEXT,
    -- 特别程序种类代码, GB/T 39046 A.7 (1 延长审批, 2 other), and the procedure's name,
    -- such as 专家评审; NULL for corrections.
    special_procedure_code TEXT,
    special_procedure_name TEXT,
    -- Unix time in milliseconds.
    created_at BIGINT NOT NULL
);
CREATE INDEX case_suspensions_case ON case_suspensions (case_id);
