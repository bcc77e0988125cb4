-- Relying parties of the hub's OpenID Provider: every node, and outside systems an operator
-- registers. Only the SM3 digest of a client secret is stored.
CREATE TABLE oidc_clients (
    client_id TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    -- JSON arrays of URLs, each compared exactly.
    redirect_uris TEXT NOT NULL,
    post_logout_redirect_uris TEXT NOT NULL,
    -- ES256 or EdDSA.
    id_token_signed_response_alg TEXT NOT NULL,
    -- The node this client belongs to, if it is a node.
    node_id TEXT,
    -- active or revoked.
    status TEXT NOT NULL,
    -- Unix time in milliseconds.
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
