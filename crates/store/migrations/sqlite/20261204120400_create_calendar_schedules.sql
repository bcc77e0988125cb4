-- Holiday schedules that replace a year's schedule at run time. A new replacement adds a
-- revision, and the highest revision of a year is the one in force.
CREATE TABLE calendar_schedules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year INTEGER NOT NULL,
    -- 1 for the first replacement of the year.
    revision INTEGER NOT NULL,
    -- JSON array of {"date": "YYYY-MM-DD", "kind": "off" | "work"}.
    days TEXT NOT NULL,
    source TEXT NOT NULL,
    -- Unix time in milliseconds.
    replaced_at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    UNIQUE (year, revision)
);
