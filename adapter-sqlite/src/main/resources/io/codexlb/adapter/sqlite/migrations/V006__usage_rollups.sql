-- Hourly usage rollups: the request log added up per UTC hour and per group of one dimension
-- (api_key, account or model), kept in the transaction that appends the logs, so usage over whole
-- hours reads a few rows per hour instead of every log. One dimension per row, not the product
-- key x account x model: the API groups by one dimension at a time, and the product can have
-- almost as many rows as the log. Invariant: a row holds exactly the sums of the logs of its hour
-- and group that are in request_logs (appends add to it, the retention purge subtracts from it).
-- grp is the key id, account id or model; '' for requests without a key or account (ids are
-- never blank, and a model is never missing). hour_start is epoch millis of the UTC hour.
CREATE TABLE request_usage_hourly (
  dimension TEXT NOT NULL,
  hour_start INTEGER NOT NULL,
  grp TEXT NOT NULL,
  requests INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cached_input_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  cost_micros INTEGER NOT NULL,
  PRIMARY KEY (dimension, hour_start, grp)
) WITHOUT ROWID;

-- Back-fill from the logs already kept. The hour is floored (also before 1970, where SQLite's
-- integer division would round towards zero).
INSERT INTO request_usage_hourly
SELECT 'api_key', requested_at - ((requested_at % 3600000) + 3600000) % 3600000,
  COALESCE(api_key_id, ''), COUNT(*), SUM(status_code >= 400), SUM(input_tokens),
  SUM(output_tokens), SUM(cached_input_tokens), SUM(reasoning_tokens), SUM(cost_micros)
FROM request_logs GROUP BY 2, 3;

INSERT INTO request_usage_hourly
SELECT 'account', requested_at - ((requested_at % 3600000) + 3600000) % 3600000,
  COALESCE(account_id, ''), COUNT(*), SUM(status_code >= 400), SUM(input_tokens),
  SUM(output_tokens), SUM(cached_input_tokens), SUM(reasoning_tokens), SUM(cost_micros)
FROM request_logs GROUP BY 2, 3;

INSERT INTO request_usage_hourly
SELECT 'model', requested_at - ((requested_at % 3600000) + 3600000) % 3600000,
  model, COUNT(*), SUM(status_code >= 400), SUM(input_tokens),
  SUM(output_tokens), SUM(cached_input_tokens), SUM(reasoning_tokens), SUM(cost_micros)
FROM request_logs GROUP BY 2, 3;
