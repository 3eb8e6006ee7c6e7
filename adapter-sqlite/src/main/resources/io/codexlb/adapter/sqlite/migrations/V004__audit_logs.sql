-- The audit log: every state-changing admin action, appended only. Instants are epoch millis.
CREATE TABLE audit_logs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  address TEXT NOT NULL,
  action TEXT NOT NULL,
  target_id TEXT,
  before_json TEXT,
  after_json TEXT
);

CREATE INDEX audit_logs_action ON audit_logs (action, id);
