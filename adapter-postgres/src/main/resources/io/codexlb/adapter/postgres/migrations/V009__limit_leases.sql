-- Leases of key limits' budgets: each instance (holder) leases a slice of what a limit has left
-- and admits requests against it from memory. A row counts only while expires_at is ahead and
-- window_reset_at is the limit's current window; it goes with its limit.
CREATE TABLE api_key_limit_leases (
    api_key_id       TEXT NOT NULL,
    limit_type       TEXT NOT NULL,
    limit_window     TEXT NOT NULL,
    holder           TEXT NOT NULL,
    amount           BIGINT NOT NULL CHECK (amount >= 0),
    window_reset_at  TIMESTAMPTZ NOT NULL,
    expires_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (api_key_id, limit_type, limit_window, holder),
    FOREIGN KEY (api_key_id, limit_type, limit_window)
        REFERENCES api_key_limits (api_key_id, limit_type, limit_window) ON DELETE CASCADE
);

CREATE INDEX api_key_limit_leases_holder ON api_key_limit_leases (holder);
