-- medfund schema, version 6: 城乡医疗救助 (medical assistance).

-- 社会救助兜底保障一类对象: no deductible.
ALTER TABLE beneficiaries ADD COLUMN class_one INTEGER NOT NULL DEFAULT 0;

-- 重特大疾病住院.
ALTER TABLE claims ADD COLUMN catastrophic INTEGER NOT NULL DEFAULT 0;

-- The assistance parameters of each category, beside 离休's quota. Rates are
-- decimal percent text ('70', '62.5').
ALTER TABLE category_params ADD COLUMN premium_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE category_params ADD COLUMN inpatient_deductible_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE category_params ADD COLUMN inpatient_rate_local TEXT NOT NULL DEFAULT '0';
ALTER TABLE category_params ADD COLUMN inpatient_rate_above TEXT NOT NULL DEFAULT '0';
ALTER TABLE category_params ADD COLUMN inpatient_cap_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE category_params ADD COLUMN catastrophic_deductible_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE category_params ADD COLUMN catastrophic_rate TEXT NOT NULL DEFAULT '0';
ALTER TABLE category_params ADD COLUMN catastrophic_cap_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE category_params ADD COLUMN outpatient_deductible_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE category_params ADD COLUMN outpatient_rate TEXT NOT NULL DEFAULT '0';
ALTER TABLE category_params ADD COLUMN outpatient_cap_fen INTEGER NOT NULL DEFAULT 0;

-- When a claim of a locked (approved or paid) month is recomputed, its amount is
-- not changed: the difference waits here and is paid (or recovered) with the
-- hospital's next approved month, whose report_id it then carries.
CREATE TABLE claim_adjustments (
    id           INTEGER PRIMARY KEY,
    claim_id     INTEGER NOT NULL REFERENCES claims(id),
    program_id   INTEGER NOT NULL REFERENCES programs(id),
    hospital_id  INTEGER NOT NULL REFERENCES hospitals(id),
    amount_fen   INTEGER NOT NULL,
    explanation  TEXT NOT NULL,
    report_id    INTEGER REFERENCES monthly_reports(id),
    created_at   TEXT NOT NULL
);
CREATE INDEX ix_adjustments_claim ON claim_adjustments (claim_id);
CREATE INDEX ix_adjustments_open ON claim_adjustments (program_id, hospital_id, report_id);
CREATE INDEX ix_adjustments_report ON claim_adjustments (report_id);

-- 资助参保: the persons whose premium the fund pays in a year. A row is paid when
-- a ledger payment to the insurer carries it; reversing that payment unpays it.
CREATE TABLE premium_subsidies (
    id               INTEGER PRIMARY KEY,
    program_year_id  INTEGER NOT NULL REFERENCES program_years(id),
    beneficiary_id   INTEGER NOT NULL REFERENCES beneficiaries(id),
    category         TEXT NOT NULL,
    amount_fen       INTEGER NOT NULL CHECK (amount_fen >= 0),
    fund_entry_id    INTEGER REFERENCES fund_entries(id),
    created_at       TEXT NOT NULL,
    UNIQUE (program_year_id, beneficiary_id)
);
CREATE INDEX ix_premiums_entry ON premium_subsidies (fund_entry_id);

-- 资助参保缴费: the ledger gains a payment to the insurer. SQLite cannot change a
-- CHECK, so the table is rebuilt; foreign keys are checked at commit.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE fund_entries_v6 (
    id               INTEGER PRIMARY KEY,
    program_year_id  INTEGER NOT NULL REFERENCES program_years(id),
    kind             TEXT NOT NULL CHECK (kind IN ('budget_initial', 'budget_adjust',
                         'appropriation', 'carry_in', 'hospital_payment', 'cash_payment',
                         'premium_payment', 'refund')),
    entry_date       TEXT NOT NULL,
    doc_no           TEXT NOT NULL DEFAULT '',
    quarter          INTEGER,
    amount_fen       INTEGER NOT NULL,
    hospital_id      INTEGER REFERENCES hospitals(id),
    report_id        INTEGER REFERENCES monthly_reports(id),
    beneficiary_id   INTEGER REFERENCES beneficiaries(id),
    settlement_id    INTEGER REFERENCES settlements(id),
    counterparty     TEXT NOT NULL DEFAULT '',
    note             TEXT NOT NULL DEFAULT '',
    reverses_id      INTEGER UNIQUE REFERENCES fund_entries(id),
    balance_fen      INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL
);
INSERT INTO fund_entries_v6 SELECT * FROM fund_entries;
DROP TABLE fund_entries;
ALTER TABLE fund_entries_v6 RENAME TO fund_entries;
CREATE INDEX ix_fund_entries_year ON fund_entries (program_year_id, id);
CREATE INDEX ix_fund_entries_report ON fund_entries (report_id);
