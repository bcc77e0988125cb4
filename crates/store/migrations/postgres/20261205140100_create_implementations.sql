-- A node's implementation list: the catalog items it offers, with the department handling
-- them, the time limits it commits to and the application form.
CREATE TABLE implementations (
    id TEXT PRIMARY KEY,
    -- The catalog entry, by the key of service_items.
    source TEXT NOT NULL,
    record_id TEXT NOT NULL,
    department TEXT NOT NULL,
    department_code TEXT,
    -- Working days from acceptance; NULL when there is none.
    statutory_days INTEGER,
    promised_days INTEGER,
    yellow_days INTEGER NOT NULL,
    -- JSON array of form fields.
    form TEXT NOT NULL,
    max_material_bytes BIGINT NOT NULL,
    -- active or withdrawn.
    status TEXT NOT NULL,
    -- Unix time in milliseconds.
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX implementations_item ON implementations (source, record_id);
