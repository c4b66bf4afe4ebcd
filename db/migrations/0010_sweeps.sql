-- The server's sweeps (api/sweep.c) remove refresh-token families a day past their end; answers
-- kept under an Idempotency-Key go after ANQUAN_IDEMPOTENCY_HOURS (DELETE was granted already).
GRANT DELETE ON refresh_tokens TO anquan_app;
CREATE INDEX refresh_tokens_family_end ON refresh_tokens (family_expires_at);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
