-- The query behind GET /api/v1/ready, run directly by pgbench as the runtime
-- role: the baseline the ready scenario is compared with.
SELECT coalesce(max(version), 0) FROM schema_migrations;
