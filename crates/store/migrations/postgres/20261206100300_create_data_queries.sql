-- Queries a consumer sent to data services, with the response once it arrives.
CREATE TABLE data_queries (
    -- The request's id, which the response repeats.
    id TEXT PRIMARY KEY,
    grant_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    provider_node TEXT NOT NULL,
    -- Resident ID number of the person the query is about.
    subject TEXT NOT NULL,
    -- JSON array of the field names asked for.
    fields TEXT NOT NULL,
    purpose TEXT NOT NULL,
    case_number TEXT,
    -- Who asked, such as account:<id> or staff:<id>.
    requested_by TEXT NOT NULL,
    -- SM3 (hex) of the request, which the signed response must repeat.
    request_sm3 TEXT NOT NULL,
    -- pending until the response arrives, then answered or rejected.
    status TEXT NOT NULL CHECK (status IN ('pending', 'answered', 'rejected')),
    -- JSON object of the returned fields, or the rejection code.
    result TEXT,
    -- Unix time in milliseconds.
    requested_at BIGINT NOT NULL,
    answered_at BIGINT
);
