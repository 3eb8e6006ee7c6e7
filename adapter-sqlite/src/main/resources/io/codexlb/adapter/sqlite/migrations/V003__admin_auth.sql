-- Admin authentication: the one administrator's credentials and the dashboard sessions.
-- No password, TOTP secret or session id is stored in the clear: the password as its hash, the
-- TOTP secrets sealed by the encryption key, a session by the SHA-256 of its id.
CREATE TABLE admin_credentials (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  password_hash TEXT NOT NULL,
  totp_secret_ciphertext BLOB,
  totp_pending_secret_ciphertext BLOB,
  totp_last_step INTEGER NOT NULL DEFAULT 0,
  password_set_at INTEGER NOT NULL
);

CREATE TABLE admin_sessions (
  id_hash TEXT PRIMARY KEY,
  csrf_token TEXT NOT NULL,
  totp_verified INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  address TEXT NOT NULL
);

CREATE INDEX admin_sessions_expires_at ON admin_sessions (expires_at);
