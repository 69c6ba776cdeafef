-- medfund schema, version 3: monthly reports (月报表) and their claims.

CREATE TABLE monthly_reports (
    id             INTEGER PRIMARY KEY,
    program_id     INTEGER NOT NULL REFERENCES programs(id),
    hospital_id    INTEGER NOT NULL REFERENCES hospitals(id),
    month          TEXT NOT NULL,               -- YYYY-MM
    received_date  TEXT,                        -- when the hospital's report arrived
    deadline       TEXT NOT NULL,               -- from the holiday calendar when opened
    status         TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'approved', 'paid', 'returned')),
    locked         INTEGER NOT NULL DEFAULT 0,
    review_comment TEXT NOT NULL DEFAULT '',
    approved_by    TEXT,
    approved_at    TEXT,
    voucher_no     TEXT,
    paid_date      TEXT,
    created_at     TEXT NOT NULL,
    UNIQUE (program_id, hospital_id, month)
);
CREATE INDEX ix_reports_month ON monthly_reports (program_id, month);

CREATE TABLE claims (
    id                  INTEGER PRIMARY KEY,
    report_id           INTEGER NOT NULL REFERENCES monthly_reports(id),
    hospital_id         INTEGER NOT NULL REFERENCES hospitals(id),
    beneficiary_id      INTEGER NOT NULL REFERENCES beneficiaries(id),
    visit_type          TEXT NOT NULL CHECK (visit_type IN ('inpatient', 'outpatient')),
    visit_date          TEXT NOT NULL,          -- 就诊日期 or 入院日期
    discharge_date      TEXT,
    total_fen           INTEGER NOT NULL CHECK (total_fen >= 0),
    out_of_catalog_fen  INTEGER NOT NULL CHECK (out_of_catalog_fen >= 0),
    bill_no             TEXT NOT NULL,
    payable_fen         INTEGER NOT NULL,       -- computed by the program's rule
    explanation         TEXT NOT NULL,
    audit_status        TEXT NOT NULL DEFAULT 'pending'
                        CHECK (audit_status IN ('pending', 'passed', 'reduced', 'refused')),
    reduction_fen       INTEGER NOT NULL DEFAULT 0,
    audit_reason        TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    UNIQUE (hospital_id, bill_no)
);
CREATE INDEX ix_claims_report ON claims (report_id);
CREATE INDEX ix_claims_person ON claims (beneficiary_id, visit_date);

-- The other protection layers a program-year's claims record, in paying order.
CREATE TABLE layer_params (
    program_year_id INTEGER NOT NULL REFERENCES program_years(id),
    layer           TEXT NOT NULL,
    sort_order      INTEGER NOT NULL,
    PRIMARY KEY (program_year_id, layer)
);

-- What each other layer paid on a claim.
CREATE TABLE claim_layers (
    claim_id    INTEGER NOT NULL REFERENCES claims(id),
    layer       TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
    PRIMARY KEY (claim_id, layer)
);

-- Payable after audit, as every sum and check computes it.
CREATE VIEW claim_payable AS
SELECT c.*,
       CASE c.audit_status
           WHEN 'passed'  THEN c.payable_fen
           WHEN 'reduced' THEN max(c.payable_fen - c.reduction_fen, 0)
           ELSE 0
       END AS approved_fen
FROM claims c;
