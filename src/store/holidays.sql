-- medfund schema, version 2: the holiday calendar behind report deadlines.
-- Seeded with the official 2019-2026 dates by the migration's hook.

CREATE TABLE holidays (
    date  TEXT PRIMARY KEY,
    kind  TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name  TEXT NOT NULL DEFAULT ''
);
