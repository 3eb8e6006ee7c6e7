-- The first schema of the embedded store.
-- Instants are epoch milliseconds (INTEGER), so ordering and comparisons are exact;
-- booleans are 0/1; money is integer micro-dollars. Tokens are ciphertext only.

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  chatgpt_account_id TEXT NOT NULL,
  email TEXT,
  label TEXT,
  plan TEXT NOT NULL,
  status TEXT NOT NULL,
  status_until INTEGER,
  status_reason TEXT,
  usage_reported INTEGER NOT NULL,
  primary_used_percent REAL,
  primary_resets_at INTEGER,
  primary_length_seconds INTEGER,
  secondary_used_percent REAL,
  secondary_resets_at INTEGER,
  secondary_length_seconds INTEGER,
  credits_has INTEGER NOT NULL,
  credits_unlimited INTEGER NOT NULL,
  credits_balance REAL NOT NULL,
  error_count INTEGER NOT NULL,
  last_error_at INTEGER,
  access_token_ciphertext BLOB NOT NULL,
  refresh_token_ciphertext BLOB NOT NULL,
  id_token_ciphertext BLOB NOT NULL,
  last_refresh INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  key_prefix TEXT NOT NULL,
  is_active INTEGER NOT NULL,
  expires_at INTEGER,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);

-- allowed_models as rows rather than JSON: no JSON code in the adapter, and order is kept.
CREATE TABLE api_key_allowed_models (
  api_key_id TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  model TEXT NOT NULL,
  PRIMARY KEY (api_key_id, position)
);

CREATE TABLE api_key_limits (
  api_key_id TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  limit_type TEXT NOT NULL,
  limit_window TEXT NOT NULL,
  max_value INTEGER NOT NULL CHECK (max_value >= 0),
  current_value INTEGER NOT NULL CHECK (current_value >= 0),
  reset_at INTEGER NOT NULL,
  UNIQUE (api_key_id, limit_type, limit_window)
);

-- One row at most (id = 1); no row means the defaults at version 0.
CREATE TABLE settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  routing_strategy TEXT NOT NULL,
  prefer_earlier_reset INTEGER NOT NULL,
  sticky_threads_enabled INTEGER NOT NULL,
  sticky_ttl_seconds INTEGER NOT NULL,
  account_stream_limit INTEGER NOT NULL,
  account_inflight_penalty_pct REAL NOT NULL,
  version INTEGER NOT NULL
);

-- No foreign key to accounts: pins are written behind memory and deleted by account explicitly.
CREATE TABLE sticky_sessions (
  key TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE INDEX sticky_sessions_account ON sticky_sessions (account_id);
CREATE INDEX sticky_sessions_expires ON sticky_sessions (expires_at);

-- Logs keep naming keys and accounts that were deleted, so no foreign keys here either.
CREATE TABLE request_logs (
  request_id TEXT NOT NULL UNIQUE,
  requested_at INTEGER NOT NULL,
  api_key_id TEXT,
  account_id TEXT,
  model TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  error_code TEXT,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cached_input_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  cost_micros INTEGER NOT NULL,
  latency_ms INTEGER NOT NULL,
  first_token_ms INTEGER,
  select_ms INTEGER NOT NULL
);

CREATE INDEX request_logs_time ON request_logs (requested_at, request_id);
CREATE INDEX request_logs_key ON request_logs (api_key_id, requested_at, request_id);
CREATE INDEX request_logs_account ON request_logs (account_id, requested_at, request_id);
CREATE INDEX request_logs_model ON request_logs (model, requested_at, request_id);
CREATE INDEX request_logs_status ON request_logs (status_code, requested_at, request_id);

CREATE TABLE usage_history (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  quota_window TEXT NOT NULL,
  used_percent REAL NOT NULL,
  resets_at INTEGER NOT NULL,
  length_ms INTEGER NOT NULL
);

CREATE INDEX usage_history_account_time ON usage_history (account_id, recorded_at);
CREATE INDEX usage_history_time ON usage_history (recorded_at);

CREATE TABLE store_metadata (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
