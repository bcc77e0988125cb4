-- Authorization codes of the OpenID Provider. Only the SM3 digest of a code is stored. A code
-- is redeemed once: redeemed_at is set by a conditional UPDATE, so of concurrent redemptions
-- exactly one succeeds.
CREATE TABLE oidc_authorization_codes (
    code_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES oidc_clients (client_id),
    account_id TEXT NOT NULL REFERENCES accounts (id),
    -- The redirect URI of the authorization request; the token request must repeat it.
    redirect_uri TEXT NOT NULL,
    -- Space-separated scopes.
    scope TEXT NOT NULL,
    nonce TEXT,
    -- PKCE S256 challenge: base64url SHA-256 of the verifier.
    code_challenge TEXT NOT NULL,
    -- Unix time in milliseconds when the person logged in.
    auth_time BIGINT NOT NULL,
    -- The legal person the agent acts for, if any.
    acting_for_credit_code TEXT,
    acting_for_name TEXT,
    -- Unix time in milliseconds.
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    redeemed_at BIGINT
);
CREATE INDEX oidc_authorization_codes_expires_at ON oidc_authorization_codes (expires_at);
