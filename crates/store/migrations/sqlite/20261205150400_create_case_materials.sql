-- Files an applicant hands in for a case. The bytes live in the object store under
-- object_key; this row says what they are.
CREATE TABLE case_materials (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    -- The material's name as the service guide lists it.
    material_name TEXT NOT NULL,
    file_name TEXT NOT NULL,
    -- The type detected from the content, such as application/pdf.
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    -- SM3 digest of the content, 64 hex digits.
    sm3 TEXT NOT NULL,
    object_key TEXT NOT NULL,
    -- Unix time in milliseconds.
    uploaded_at BIGINT NOT NULL,
    -- The uploader's subject at the hub.
    uploaded_by TEXT NOT NULL
);
CREATE INDEX case_materials_case ON case_materials (case_id);
