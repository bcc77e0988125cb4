-- Every step of a rectification at the handling node: who, when, why, from which state to which.
CREATE TABLE rectification_events (
    rectification_id TEXT NOT NULL,
    -- The rectification's version after the step.
    version BIGINT NOT NULL,
    step TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    -- Kind (clerk, supervisor, applicant, system) and id of who took the step.
    actor_kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    -- Unix time in milliseconds.
    at BIGINT NOT NULL,
    PRIMARY KEY (rectification_id, version)
);
