-- Issue 14: the 操作日志 filters by user, action and date (entity has its index).
CREATE INDEX ix_audit_actor ON audit_log (actor);
CREATE INDEX ix_audit_action ON audit_log (action);
CREATE INDEX ix_audit_at ON audit_log (at);
