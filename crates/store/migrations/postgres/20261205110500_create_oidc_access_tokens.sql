-- Access tokens for the userinfo endpoint: opaque random strings of which only the SM3 digest
-- is stored. Tokens issued from a code are revoked when the code is presented again.
CREATE TABLE oidc_access_tokens (
    token_hash TEXT PRIMARY KEY,
    code_hash TEXT NOT NULL REFERENCES oidc_authorization_codes (code_hash),
    client_id TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    -- Space-separated scopes.
    scope TEXT NOT NULL,
    acting_for_credit_code TEXT,
    acting_for_name TEXT,
    -- Unix time in milliseconds.
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX oidc_access_tokens_code_hash ON oidc_access_tokens (code_hash);
CREATE INDEX oidc_access_tokens_expires_at ON oidc_access_tokens (expires_at);
