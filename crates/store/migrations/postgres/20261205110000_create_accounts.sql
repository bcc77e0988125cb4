-- Accounts of the hub's unified identity: natural persons who register themselves, and hub
-- operators created from the command line. The id never changes: it is the `sub` claim that
-- every relying party keys its users by.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    -- natural_person or operator.
    account_type TEXT NOT NULL,
    name TEXT NOT NULL,
    -- Canonical 18-character resident ID number of a natural person; NULL for an operator.
    resident_id TEXT UNIQUE,
    -- 11-digit mobile phone number of a natural person; NULL for an operator.
    phone TEXT UNIQUE,
    -- Login name of an operator; NULL for a natural person.
    login_name TEXT UNIQUE,
    -- Argon2id PHC string.
    password_hash TEXT NOT NULL,
    -- How well the identity is established: self_asserted until real-name verification.
    assurance_level TEXT NOT NULL,
    -- user or admin.
    role TEXT NOT NULL,
    -- Unix time in milliseconds.
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
