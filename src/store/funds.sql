-- medfund schema, version 4: the fund ledger, the year-end settlement, and the
-- seals that make edits behind the app's back visible to `medfund check`.

-- Every movement of a program-year's budget or cash. Rows are only ever inserted:
-- a mistake is corrected by a reversing row (same kind, opposite amount) whose
-- reverses_id points at the original.
CREATE TABLE fund_entries (
    id               INTEGER PRIMARY KEY,
    program_year_id  INTEGER NOT NULL REFERENCES program_years(id),
    kind             TEXT NOT NULL CHECK (kind IN ('budget_initial', 'budget_adjust',
                         'appropriation', 'carry_in', 'hospital_payment', 'cash_payment', 'refund')),
    entry_date       TEXT NOT NULL,
    doc_no           TEXT NOT NULL DEFAULT '',     -- 文号 or 凭证号
    quarter          INTEGER,                      -- for appropriations
    amount_fen       INTEGER NOT NULL,
    hospital_id      INTEGER REFERENCES hospitals(id),
    report_id        INTEGER REFERENCES monthly_reports(id),
    beneficiary_id   INTEGER REFERENCES beneficiaries(id),
    settlement_id    INTEGER REFERENCES settlements(id),
    counterparty     TEXT NOT NULL DEFAULT '',
    note             TEXT NOT NULL DEFAULT '',
    reverses_id      INTEGER UNIQUE REFERENCES fund_entries(id),
    -- The program-year's cash balance after this row, so that an amount edited
    -- later no longer adds up.
    balance_fen      INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL
);
CREATE INDEX ix_fund_entries_year ON fund_entries (program_year_id, id);
CREATE INDEX ix_fund_entries_report ON fund_entries (report_id);

-- A posted 年终清算; its cash payments point at it.
CREATE TABLE settlements (
    id               INTEGER PRIMARY KEY,
    program_year_id  INTEGER NOT NULL REFERENCES program_years(id),
    posted_at        TEXT NOT NULL,
    posted_by        TEXT NOT NULL,
    total_fen        INTEGER NOT NULL,
    reversed_at      TEXT,
    reversed_by      TEXT
);

-- A claim's seal: a hash over what it says, written by the app with every change.
ALTER TABLE claims ADD COLUMN seal TEXT NOT NULL DEFAULT '';
-- At approval, a hash over the seals of the month's claims.
ALTER TABLE monthly_reports ADD COLUMN approved_digest TEXT;

-- The newest audit row, so that rows removed from the end of the log show.
CREATE TABLE audit_head (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    last_id    INTEGER NOT NULL,
    last_hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash)
SELECT 1, coalesce(max(id), 0),
       coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
                '0000000000000000000000000000000000000000000000000000000000000000')
FROM audit_log;
CREATE TRIGGER audit_head_follows AFTER INSERT ON audit_log
BEGIN
    UPDATE audit_head SET last_id = NEW.id, last_hash = NEW.hash WHERE id = 1;
END;
