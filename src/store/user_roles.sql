-- Issue 14: a user may hold several roles. users.role moves to its own table; the
-- system user is told by its username.
CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id),
    role    TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
) WITHOUT ROWID;
INSERT INTO user_roles (user_id, role) SELECT id, role FROM users;
ALTER TABLE users DROP COLUMN role;
