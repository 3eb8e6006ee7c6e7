-- The request-log retention as a stored setting, changed through the admin API or the command line.
-- NULL (every existing row): none stored, CODEX_LB_REQUEST_LOG_RETENTION_DAYS applies.
ALTER TABLE settings ADD COLUMN request_log_retention_days INTEGER
  CHECK (request_log_retention_days BETWEEN 0 AND 36500);
