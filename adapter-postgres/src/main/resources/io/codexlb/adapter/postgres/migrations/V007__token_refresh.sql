-- Token refresh: the guide's five statuses and refresh claims shared by every instance.
-- reauth_required is no longer a status: such accounts are deactivated, a new login fixing them.
-- The code of old deactivations is found from their reason when read (PermanentAuthFailure).
ALTER TABLE accounts ADD COLUMN status_code TEXT;
ALTER TABLE accounts ADD COLUMN relogin_fixes BOOLEAN;
UPDATE accounts SET status = 'deactivated', relogin_fixes = TRUE WHERE status = 'reauth_required';
UPDATE accounts SET relogin_fixes = FALSE WHERE status = 'deactivated' AND relogin_fixes IS NULL;

-- At most one refresh per account at a time across instances: a claim that lapses at expires_at.
CREATE TABLE account_refresh_claims (
    account_id  TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    holder      TEXT NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
