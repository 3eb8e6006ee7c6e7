-- Admin authentication: the one administrator's credentials and the dashboard sessions, shared by
-- every instance. No password, TOTP secret or session id is stored in the clear: the password as
-- its hash, the TOTP secrets sealed by the encryption key, a session by the SHA-256 of its id.
CREATE TABLE admin_credentials (
    id                              INTEGER PRIMARY KEY CHECK (id = 1),
    password_hash                   TEXT NOT NULL,
    totp_secret_ciphertext          BYTEA,
    totp_pending_secret_ciphertext  BYTEA,
    totp_last_step                  BIGINT NOT NULL DEFAULT 0,
    password_set_at                 TIMESTAMPTZ NOT NULL
);

CREATE TABLE admin_sessions (
    id_hash        TEXT PRIMARY KEY,
    csrf_token     TEXT NOT NULL,
    totp_verified  BOOLEAN NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    address        TEXT NOT NULL
);

CREATE INDEX admin_sessions_expires_at ON admin_sessions (expires_at);
