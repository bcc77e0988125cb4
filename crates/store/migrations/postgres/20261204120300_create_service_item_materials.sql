-- The materials of each item's service guide, one row per material, for queries across items.
-- The guide JSON in service_items stays the complete record.
CREATE TABLE service_item_materials (
    item_id BIGINT NOT NULL REFERENCES service_items (id) ON DELETE CASCADE,
    -- The material's order in the guide, from 1.
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    required SMALLINT NOT NULL CHECK (required IN (0, 1)),
    original_count INTEGER,
    copy_count INTEGER,
    source TEXT,
    acceptance_standard TEXT,
    PRIMARY KEY (item_id, position)
);
