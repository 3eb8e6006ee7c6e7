-- codex-lb PostgreSQL schema, version 1. Forward-only: never edit a released migration, add the next.
-- Instants are timestamptz (microsecond precision); money is bigint micro-dollars.

CREATE TABLE accounts (
    id                        TEXT PRIMARY KEY,
    label                     TEXT,
    plan                      TEXT NOT NULL,
    status                    TEXT NOT NULL,
    status_until              TIMESTAMPTZ,
    status_reason             TEXT,
    usage_reported            BOOLEAN NOT NULL,
    primary_used_percent      DOUBLE PRECISION,
    primary_resets_at         TIMESTAMPTZ,
    primary_length_seconds    BIGINT,
    secondary_used_percent    DOUBLE PRECISION,
    secondary_resets_at       TIMESTAMPTZ,
    secondary_length_seconds  BIGINT,
    credits_has               BOOLEAN NOT NULL,
    credits_unlimited         BOOLEAN NOT NULL,
    credits_balance           DOUBLE PRECISION NOT NULL,
    error_count               INTEGER NOT NULL,
    last_error_at             TIMESTAMPTZ,
    chatgpt_account_id        TEXT NOT NULL,
    email                     TEXT,
    access_token_ciphertext   BYTEA NOT NULL,
    refresh_token_ciphertext  BYTEA NOT NULL,
    id_token_ciphertext       BYTEA NOT NULL,
    last_refresh              TIMESTAMPTZ NOT NULL,
    created_at                TIMESTAMPTZ NOT NULL
);

CREATE TABLE api_keys (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    key_hash        TEXT NOT NULL UNIQUE,
    key_prefix      TEXT NOT NULL,
    is_active       BOOLEAN NOT NULL,
    expires_at      TIMESTAMPTZ,
    allowed_models  TEXT[] NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    last_used_at    TIMESTAMPTZ
);

CREATE TABLE api_key_limits (
    api_key_id     TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    limit_type     TEXT NOT NULL,
    limit_window   TEXT NOT NULL,
    max_value      BIGINT NOT NULL CHECK (max_value >= 0),
    current_value  BIGINT NOT NULL CHECK (current_value >= 0),
    reset_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (api_key_id, limit_type, limit_window)
);

-- One row (id = 1); version is the optimistic lock, bumped by every accepted save.
CREATE TABLE settings (
    id                            SMALLINT PRIMARY KEY CHECK (id = 1),
    routing_strategy              TEXT NOT NULL,
    prefer_earlier_reset          BOOLEAN NOT NULL,
    sticky_threads_enabled        BOOLEAN NOT NULL,
    sticky_ttl_seconds            BIGINT NOT NULL,
    account_stream_limit          INTEGER NOT NULL,
    account_inflight_penalty_pct  DOUBLE PRECISION NOT NULL,
    version                       BIGINT NOT NULL
);

CREATE TABLE sticky_sessions (
    key         TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX sticky_sessions_account_id ON sticky_sessions (account_id);
CREATE INDEX sticky_sessions_expires_at ON sticky_sessions (expires_at);

CREATE TABLE request_logs (
    request_id           TEXT PRIMARY KEY,
    requested_at         TIMESTAMPTZ NOT NULL,
    api_key_id           TEXT,
    account_id           TEXT,
    model                TEXT NOT NULL,
    status_code          INTEGER NOT NULL,
    error_code           TEXT,
    input_tokens         BIGINT NOT NULL,
    output_tokens        BIGINT NOT NULL,
    cached_input_tokens  BIGINT NOT NULL,
    reasoning_tokens     BIGINT NOT NULL,
    cost_micros          BIGINT NOT NULL,
    latency_millis       BIGINT NOT NULL,
    first_token_millis   BIGINT,
    select_millis        BIGINT NOT NULL
);
-- Pages are read newest first by (requested_at, request_id in byte order); each filter has its own.
CREATE INDEX request_logs_requested_at
    ON request_logs (requested_at DESC, request_id COLLATE "C" DESC);
CREATE INDEX request_logs_api_key_id ON request_logs (api_key_id, requested_at DESC);
CREATE INDEX request_logs_account_id ON request_logs (account_id, requested_at DESC);
CREATE INDEX request_logs_model ON request_logs (model, requested_at DESC);
CREATE INDEX request_logs_status_code ON request_logs (status_code, requested_at DESC);

CREATE TABLE usage_history (
    id                  BIGSERIAL PRIMARY KEY,
    account_id          TEXT NOT NULL,
    recorded_at         TIMESTAMPTZ NOT NULL,
    quota_window        TEXT NOT NULL,
    used_percent        DOUBLE PRECISION NOT NULL,
    resets_at           TIMESTAMPTZ NOT NULL,
    length_seconds      BIGINT NOT NULL,
    length_nanos        INTEGER NOT NULL
);
CREATE INDEX usage_history_account_recorded ON usage_history (account_id, recorded_at);
CREATE INDEX usage_history_recorded_at ON usage_history (recorded_at);

CREATE TABLE store_metadata (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
