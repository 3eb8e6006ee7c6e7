-- The usage history, written by the usage poller: one row per poll of an account, with its plan,
-- both windows (absent when not reported) and its credits. It replaces V001's table of one row per
-- window, which nothing ever wrote.
DROP TABLE usage_history;

CREATE TABLE usage_history (
    id                        BIGSERIAL PRIMARY KEY,
    account_id                TEXT NOT NULL,
    recorded_at               TIMESTAMPTZ NOT NULL,
    plan_type                 TEXT,
    primary_used_percent      DOUBLE PRECISION,
    primary_resets_at         TIMESTAMPTZ,
    primary_length_seconds    BIGINT,
    secondary_used_percent    DOUBLE PRECISION,
    secondary_resets_at       TIMESTAMPTZ,
    secondary_length_seconds  BIGINT,
    credits_has               BOOLEAN NOT NULL,
    credits_unlimited         BOOLEAN NOT NULL,
    credits_balance           DOUBLE PRECISION NOT NULL
);
CREATE INDEX usage_history_account_recorded ON usage_history (account_id, recorded_at);
CREATE INDEX usage_history_recorded_at ON usage_history (recorded_at);
