-- Issue 16: every recorded export of a printed document and its 核验码. The code
-- is a MAC (keyed from the master key) over the row: the kind, the parameters the
-- document was built from, its figures, the audit log's newest row at export
-- time, who exported it, when, and the file name.
CREATE TABLE exports (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    figures TEXT NOT NULL,
    audit_head_id INTEGER,
    audit_head_hash TEXT,
    actor TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    at TEXT NOT NULL,
    file_name TEXT NOT NULL
);
