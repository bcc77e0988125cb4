-- E-certificates lent to cases (用证): the applicant chose a certificate from the wallet in
-- place of a material file, and the handling node fetched and checked it through the passage.
CREATE TABLE certificate_loans (
    -- Random id; the ordering key of the request and the response.
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    -- The material of the service guide the certificate stands for.
    material_name TEXT NOT NULL,
    -- 证照标识 (GB/T 36904), the issuer's name and the node id of the issuing node.
    certificate_id TEXT NOT NULL,
    issuer TEXT NOT NULL,
    issuer_node TEXT NOT NULL,
    -- chosen, requested, satisfied or not_satisfied.
    status TEXT NOT NULL,
    -- The check's code (valid, revoked, expired, tampered, …) and why the material is not
    -- satisfied; NULL until checked.
    result TEXT,
    reason TEXT,
    -- The certificate document (JSON) as the issuing node sent it; NULL until it came.
    document TEXT,
    chosen_by TEXT NOT NULL,
    -- Unix time in milliseconds.
    chosen_at BIGINT NOT NULL,
    checked_at BIGINT,
    UNIQUE (case_id, material_name)
);
