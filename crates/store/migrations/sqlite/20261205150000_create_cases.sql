-- Cases (办件) of a node: one application from its draft to its end.
CREATE TABLE cases (
    -- Random id, given when the draft is created.
    id TEXT PRIMARY KEY,
    -- 办件编号, given at submission; NULL while a draft.
    case_number TEXT UNIQUE,
    implementation_id TEXT NOT NULL REFERENCES implementations (id),
    -- Copied from the implementation, so access control never depends on a later edit of
    -- the implementation list.
    department TEXT NOT NULL,
    department_code TEXT,
    -- The applicant's subject at the hub (the OpenID Connect `sub`).
    applicant_subject TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    -- 申请者证件类型代码, GA/T 2000.156 (111 is 居民身份证), and the document number.
    applicant_id_type TEXT NOT NULL,
    applicant_id_number TEXT NOT NULL,
    -- The legal person the applicant acts for as its agent; both NULL when the applicant
    -- applies for themselves.
    acting_for_credit_code TEXT,
    acting_for_name TEXT,
    status TEXT NOT NULL,
    -- 办件类型代码, GB/T 39046 A.6 (1 即办件, 2 承诺件, 9 其他); NULL while a draft.
    case_type TEXT,
    -- JSON object from form field name to value.
    form_data TEXT NOT NULL,
    -- Dates are YYYY-MM-DD in Asia/Shanghai.
    received_on TEXT,
    accepted_on TEXT,
    decided_on TEXT,
    closed_on TEXT,
    -- Working days, copied from the implementation at submission.
    statutory_days INTEGER,
    promised_days INTEGER,
    yellow_days INTEGER NOT NULL,
    -- NULL before acceptance and while the clock is stopped.
    statutory_due TEXT,
    promised_due TEXT,
    -- The calendar revision the due dates were computed with.
    due_calendar_revision BIGINT,
    -- Raised by every change, for optimistic concurrency.
    version BIGINT NOT NULL,
    -- Unix time in milliseconds.
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX cases_applicant ON cases (applicant_subject, created_at);
CREATE INDEX cases_queue ON cases (status, department);
