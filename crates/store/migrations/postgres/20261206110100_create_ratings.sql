-- Ratings (好差评) of cases, GB/T 39046 table 9: kept by the handling node and copied to the hub.
-- One rating per case, channel and kind.
CREATE TABLE ratings (
    id TEXT NOT NULL,
    -- Node id of the handling node.
    reporter TEXT NOT NULL,
    -- 办件编号.
    case_number TEXT NOT NULL,
    -- 评价渠道, as `Channel::as_str` writes it.
    channel TEXT NOT NULL,
    -- Id of the portal the rating was given at: a node id or the hub's id.
    portal TEXT NOT NULL,
    -- 0 for the rating of the case, 1 for the rater's rating of a rectification's handling.
    follow_up INTEGER NOT NULL,
    -- 满意度代码, GB/T 39046 A.8: 1 to 5.
    satisfaction INTEGER NOT NULL,
    -- Sub-ratings as a JSON object of satisfaction codes.
    sub_ratings TEXT NOT NULL,
    -- 文字评价.
    comment TEXT,
    -- 评价人: the rater's subject at the hub and name.
    rater_subject TEXT NOT NULL,
    rater_name TEXT NOT NULL,
    -- Unix time in milliseconds.
    rated_at BIGINT NOT NULL,
    PRIMARY KEY (reporter, id),
    UNIQUE (reporter, case_number, channel, follow_up)
);
