-- Catalog entries imported from reference data, one row per entry of a source data set.
CREATE TABLE service_items (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source TEXT NOT NULL,
    record_id TEXT NOT NULL,
    -- 'base' or 'implementation'.
    list_kind TEXT NOT NULL,
    region_code TEXT,
    region_name TEXT,
    name TEXT NOT NULL,
    parent_name TEXT,
    handling_item_name TEXT,
    item_code TEXT,
    implementation_code TEXT,
    handling_item_code TEXT,
    item_type_code_raw TEXT,
    item_type_name_raw TEXT,
    -- Two-digit code of GB/T 39046 list A.1, derived from the published name.
    item_type TEXT,
    exercise_level_code TEXT,
    implementing_agency TEXT,
    implementing_agency_uscc TEXT,
    online_url TEXT,
    -- 1 when the stored guide is complete: statutory time limit, fees, legal basis and
    -- materials. An incomplete guide keeps the parts its source published.
    guide_complete SMALLINT NOT NULL,
    -- JSON of the service guide as published, or NULL when the source has none.
    guide TEXT,
    -- Hex digest of the entry's canonical content. An import skips entries whose digest is
    -- unchanged.
    content_hash TEXT NOT NULL,
    -- Unix time in milliseconds of the first import.
    imported_at BIGINT NOT NULL,
    -- Unix time in milliseconds of the last change of content.
    updated_at BIGINT NOT NULL,
    UNIQUE (source, record_id),
    CHECK (guide_complete IN (0, 1) AND (guide_complete = 0 OR guide IS NOT NULL))
);
