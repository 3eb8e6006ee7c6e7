-- Hourly usage rollups: the request log added up per UTC hour and per group of one dimension
-- (api_key, account or model), kept in the transaction that appends the logs, so usage over whole
-- hours reads a few rows per hour instead of every log. One dimension per row, not the product
-- key x account x model: the API groups by one dimension at a time, and the product can have
-- almost as many rows as the log. Invariant: a row holds exactly the sums of the logs of its hour
-- and group that are in request_logs (appends add to it, the retention purge subtracts from it).
-- grp is the key id, account id or model; '' for requests without a key or account (ids are
-- never blank, and a model is never missing). hour_start is epoch millis of the UTC hour, so
-- buckets are integer arithmetic, as in the SQLite store.
CREATE TABLE request_usage_hourly (
    dimension            TEXT NOT NULL,
    hour_start           BIGINT NOT NULL,
    grp                  TEXT COLLATE "C" NOT NULL,
    requests             BIGINT NOT NULL,
    errors               BIGINT NOT NULL,
    input_tokens         BIGINT NOT NULL,
    output_tokens        BIGINT NOT NULL,
    cached_input_tokens  BIGINT NOT NULL,
    reasoning_tokens     BIGINT NOT NULL,
    cost_micros          BIGINT NOT NULL,
    PRIMARY KEY (dimension, hour_start, grp)
);

-- Back-fill from the logs already kept.
INSERT INTO request_usage_hourly
SELECT d.dimension, l.hour_start, d.grp, COUNT(*), COUNT(*) FILTER (WHERE l.status_code >= 400),
       SUM(l.input_tokens), SUM(l.output_tokens), SUM(l.cached_input_tokens),
       SUM(l.reasoning_tokens), SUM(l.cost_micros)
FROM (SELECT *, floor(extract(epoch FROM requested_at) * 1000 / 3600000)::bigint * 3600000
                    AS hour_start
      FROM request_logs) l
CROSS JOIN LATERAL (VALUES ('api_key', COALESCE(l.api_key_id, '')),
                           ('account', COALESCE(l.account_id, '')),
                           ('model', l.model)) AS d (dimension, grp)
GROUP BY d.dimension, l.hour_start, d.grp;
