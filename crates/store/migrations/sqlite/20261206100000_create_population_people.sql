-- The population registry of a ministry node: generated people, never real persons, that the
-- data service population.identity matches name and resident ID number against.
CREATE TABLE population_people (
    -- Canonical 18-character resident ID number.
    resident_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- YYYY-MM-DD, the same date the resident ID number encodes.
    birth_date TEXT NOT NULL,
    -- male or female, the parity of the sequence number.
    sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
    -- GB/T 2260 county code of the household registration (户籍).
    household_division TEXT NOT NULL,
    -- Unix time in milliseconds.
    created_at BIGINT NOT NULL
);
