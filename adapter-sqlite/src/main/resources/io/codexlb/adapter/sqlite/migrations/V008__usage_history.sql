-- The usage history, written by the usage poller: one row per poll of an account, with its plan,
-- both windows (absent when not reported) and its credits. It replaces V001's table of one row per
-- window, which nothing ever wrote. Instants are epoch millis.
DROP TABLE usage_history;

CREATE TABLE usage_history (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  plan_type TEXT,
  primary_used_percent REAL,
  primary_resets_at INTEGER,
  primary_length_seconds INTEGER,
  secondary_used_percent REAL,
  secondary_resets_at INTEGER,
  secondary_length_seconds INTEGER,
  credits_has INTEGER NOT NULL,
  credits_unlimited INTEGER NOT NULL,
  credits_balance REAL NOT NULL
);

CREATE INDEX usage_history_account_time ON usage_history (account_id, recorded_at);
CREATE INDEX usage_history_time ON usage_history (recorded_at);
