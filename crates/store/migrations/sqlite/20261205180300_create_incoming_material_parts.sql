-- Pieces of the material files of an application another node forwards, kept until the
-- application itself arrives and joins them into files.
CREATE TABLE incoming_material_parts (
    -- Node id of the receiving place that sent them.
    sender TEXT NOT NULL,
    -- The application's id there.
    application_id TEXT NOT NULL,
    material_index BIGINT NOT NULL,
    part_index BIGINT NOT NULL,
    content BLOB NOT NULL,
    -- Unix time in milliseconds.
    received_at BIGINT NOT NULL,
    PRIMARY KEY (sender, application_id, material_index, part_index)
);
