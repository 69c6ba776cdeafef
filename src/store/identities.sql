-- Issue 17: 救助身份, dated identities. A person holds one or more identities, each
-- from 认定日期 (NULL: from the person's start) to 终止日期 (NULL: not ended; else
-- the last valid day). A claim is assisted under the identity valid on its date.
-- The roster's single 救助类别 becomes one row from the person's start, so every
-- figure computed before stays as it was.
CREATE TABLE beneficiary_identities (
    id              INTEGER PRIMARY KEY,
    beneficiary_id  INTEGER NOT NULL REFERENCES beneficiaries(id),
    identity        TEXT NOT NULL,
    start_date      TEXT,
    end_date        TEXT,
    entered_at      TEXT NOT NULL,
    entered_by      TEXT NOT NULL,
    CHECK (start_date IS NULL OR end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX ix_identities_person ON beneficiary_identities (beneficiary_id);

INSERT INTO beneficiary_identities (beneficiary_id, identity, start_date, end_date, entered_at, entered_by)
SELECT id, category, NULL, NULL, created_at, 'system' FROM beneficiaries ORDER BY id;
