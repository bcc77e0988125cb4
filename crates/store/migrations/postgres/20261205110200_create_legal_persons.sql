-- Legal persons (companies, institutions) registered at the hub by one of their agents.
CREATE TABLE legal_persons (
    -- Unified social credit code, 18 characters.
    credit_code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- The natural person who registered it.
    registered_by TEXT NOT NULL REFERENCES accounts (id),
    -- Unix time in milliseconds.
    registered_at BIGINT NOT NULL
);
