-- Issue 14: temporary passwords, password age and sign-in lock-out.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN password_changed_at TEXT;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TEXT;
UPDATE users SET password_changed_at = created_at WHERE password_hash IS NOT NULL;
