-- Grants of data services: a consumer's request for a purpose, and the provider's decision.
-- The provider node enforces its grants; the consumer keeps a copy to choose the grant a
-- query names.
CREATE TABLE data_grants (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL,
    provider_node TEXT NOT NULL,
    -- Node id of the consumer, or the hub's id.
    consumer TEXT NOT NULL,
    purpose TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    -- JSON array of the field names requested, and granted once approved.
    fields TEXT NOT NULL,
    -- Unix time in milliseconds; the grant is usable before valid_until only.
    valid_until BIGINT NOT NULL,
    -- Queries allowed per minute.
    rate_limit_per_minute BIGINT NOT NULL CHECK (rate_limit_per_minute > 0),
    status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'denied')),
    requested_by TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    decided_by TEXT,
    decided_at BIGINT,
    decision_reason TEXT
);

CREATE INDEX data_grants_by_service ON data_grants (service_id, consumer);
