-- The hub's index of e-certificates: the metadata and current status of every certificate the
-- nodes issued, as they report it. It holds no document, no signature and no PDF.
CREATE TABLE certificate_index (
    -- 证照标识, GB/T 36904.
    id TEXT PRIMARY KEY,
    -- Node id of the issuing node, the only one that may report the certificate.
    node_id TEXT NOT NULL,
    name TEXT NOT NULL,
    issuer TEXT NOT NULL,
    issuer_code TEXT NOT NULL,
    -- The holder's subject at the hub (the OpenID Connect `sub`) and name.
    holder_subject TEXT NOT NULL,
    holder_name TEXT NOT NULL,
    -- Dates are YYYY-MM-DD in Asia/Shanghai; valid_until NULL for no end.
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    seal_serial TEXT NOT NULL,
    -- SM3 of the canonical metadata, hex: ties a verified payload to this entry.
    metadata_digest TEXT NOT NULL,
    -- valid, revoked or cancelled, with why and when (Unix time in milliseconds).
    status TEXT NOT NULL,
    status_reason TEXT,
    status_changed_at BIGINT,
    -- 0 when issued, 1 once revoked or cancelled; a report with a lower one is stale.
    revision BIGINT NOT NULL,
    issued_at BIGINT NOT NULL,
    indexed_at BIGINT NOT NULL
);
CREATE INDEX certificate_index_holder ON certificate_index (holder_subject, issued_at);
