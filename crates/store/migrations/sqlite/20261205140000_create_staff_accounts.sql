-- Staff of a node: clerks and supervisors of its departments. They log in at the node itself,
-- not through the hub, because what they may do depends on the node's own departments.
CREATE TABLE staff_accounts (
    id TEXT PRIMARY KEY,
    login_name TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    -- Argon2id PHC string.
    password_hash TEXT NOT NULL,
    -- JSON array of roles: clerk, supervisor, admin.
    roles TEXT NOT NULL,
    -- The department the person works for, as the catalog names implementing bodies; NULL
    -- for staff of the whole node.
    department TEXT,
    -- active or disabled.
    status TEXT NOT NULL,
    -- Unix time in milliseconds.
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
