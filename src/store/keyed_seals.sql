-- medfund schema, version 12: keyed seals. Every table money depends on gets one
-- seal per row (`row_seals`, written by the app through `medfund_seal`, a keyed MAC
-- the sqlite3 shell does not have); the audit head gets a MAC; the migration's
-- hook then rechains the log and reseals every claim and month under the key, and
-- makes the log append-only.

CREATE TABLE row_seals (
    tbl     TEXT NOT NULL,
    row_id  INTEGER NOT NULL,
    mac     TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id)
) WITHOUT ROWID;

-- A rowid for each role row, so that each is sealed (SQLite reports no changes to
-- WITHOUT ROWID tables).
CREATE TABLE user_roles_v12 (
    id       INTEGER PRIMARY KEY,
    user_id  INTEGER NOT NULL REFERENCES users(id),
    role     TEXT NOT NULL,
    UNIQUE (user_id, role)
);
INSERT INTO user_roles_v12 (user_id, role) SELECT user_id, role FROM user_roles ORDER BY user_id, role;
DROP TABLE user_roles;
ALTER TABLE user_roles_v12 RENAME TO user_roles;

ALTER TABLE audit_head ADD COLUMN mac TEXT NOT NULL DEFAULT '';
DROP TRIGGER audit_head_follows;
CREATE TRIGGER audit_head_follows AFTER INSERT ON audit_log
BEGIN
    UPDATE audit_head SET last_id = NEW.id, last_hash = NEW.hash,
           mac = medfund_seal('audit-head', NEW.id, NEW.hash)
     WHERE id = 1;
END;
