-- The audit log: every state-changing admin action, appended only.
CREATE TABLE audit_logs (
    id          BIGSERIAL PRIMARY KEY,
    created_at  TIMESTAMPTZ NOT NULL,
    actor       TEXT NOT NULL,
    address     TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_id   TEXT,
    before_json TEXT,
    after_json  TEXT
);

CREATE INDEX audit_logs_action ON audit_logs (action, id);
