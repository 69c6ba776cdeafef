-- Separation of duties: who entered and who audited each claim, and who returned,
-- reopened and paid each month (`approved_by` is already kept). Usernames; rows
-- from before this migration keep NULL (unknown), and the duty rules skip them.

ALTER TABLE claims ADD COLUMN entered_by TEXT;
ALTER TABLE claims ADD COLUMN audited_by TEXT;
ALTER TABLE monthly_reports ADD COLUMN returned_by TEXT;
ALTER TABLE monthly_reports ADD COLUMN reopened_by TEXT;
ALTER TABLE monthly_reports ADD COLUMN paid_by TEXT;
