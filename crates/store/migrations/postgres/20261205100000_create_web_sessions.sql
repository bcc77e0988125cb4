-- Browser sessions of the hub and of the nodes. The cookie carries a random token; only its
-- SM3 digest is stored, so a copy of this table does not let anyone take over a session.
CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    -- The account the session is logged in as, or NULL before login.
    account_id TEXT,
    -- JSON object with what the role keeps in a session.
    data TEXT NOT NULL,
    -- Token that every form of the session must send back.
    csrf_token TEXT NOT NULL,
    -- Unix time in milliseconds.
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX web_sessions_expires_at ON web_sessions (expires_at);
CREATE INDEX web_sessions_account_id ON web_sessions (account_id);
