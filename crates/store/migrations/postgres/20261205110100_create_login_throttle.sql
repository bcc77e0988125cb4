-- Failed logins and the lock they cause, per account, or per unknown identifier by its SM3
-- digest so that an unknown identifier locks like a known one. Kept in the database so every
-- hub instance counts the same failures.
CREATE TABLE login_throttle (
    login_key TEXT PRIMARY KEY,
    -- Failures since window_started_at.
    failures BIGINT NOT NULL,
    -- Unix time in milliseconds of the first failure counted.
    window_started_at BIGINT NOT NULL,
    -- Unix time in milliseconds until which logins are rejected, or NULL.
    locked_until BIGINT
);
