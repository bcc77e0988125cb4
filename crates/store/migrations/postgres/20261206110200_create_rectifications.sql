-- Rectifications (差评整改) that bad ratings open at the responsible department: kept by the
-- handling node and copied to the hub. Dates are `YYYY-MM-DD` days in Asia/Shanghai.
CREATE TABLE rectifications (
    id TEXT NOT NULL,
    -- Node id of the handling node.
    reporter TEXT NOT NULL,
    case_number TEXT NOT NULL,
    rating_id TEXT NOT NULL,
    department TEXT NOT NULL,
    -- As `RectificationStatus::as_str` writes it, and the state an appeal interrupted.
    status TEXT NOT NULL,
    status_before_appeal TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    working_days INTEGER NOT NULL,
    due_on TEXT NOT NULL,
    -- Day the result was reported back or the rating excluded.
    finished_on TEXT,
    -- Raised by one on every step; a copy with a lower one than stored is stale.
    version BIGINT NOT NULL,
    -- Unix time in milliseconds of the last step.
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (reporter, id),
    UNIQUE (reporter, rating_id)
);
CREATE INDEX rectifications_case ON rectifications (reporter, case_number);
