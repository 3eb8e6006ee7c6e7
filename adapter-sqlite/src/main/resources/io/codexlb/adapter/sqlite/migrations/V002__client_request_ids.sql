-- The request log is an audit trail: one row per request under the server's own id, and the
-- client's X-Request-ID beside it (clients may reuse one), searchable.
ALTER TABLE request_logs ADD COLUMN client_request_id TEXT;

CREATE INDEX request_logs_client_request_id ON request_logs (client_request_id, requested_at, request_id);
