-- medfund schema, version 7: a hospital that leaves the scheme is disabled, not
-- deleted: its reports and payments stay, new monthly reports are refused.
ALTER TABLE hospitals ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
