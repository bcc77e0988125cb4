-- The data resource catalog: data services that nodes publish. The hub keeps every node's
-- entries; a provider node keeps its own, which it checks grants and queries against.
CREATE TABLE data_services (
    -- Such as population.identity.
    id TEXT PRIMARY KEY,
    provider_node TEXT NOT NULL,
    provider_department_zh TEXT NOT NULL,
    provider_department_en TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    -- JSON array of field names, such as ["name_match", "birth_date"].
    fields TEXT NOT NULL,
    sharing_class TEXT NOT NULL
        CHECK (sharing_class IN ('unconditional', 'conditional', 'not_shareable')),
    legal_basis TEXT NOT NULL,
    -- Unix time in milliseconds.
    published_at BIGINT NOT NULL
);
