-- Extensions the design needs and the migration bookkeeping.
-- ltree: the org tree as materialized paths; pgcrypto: gen_random_uuid and digests;
-- pg_trgm: free-text search on Chinese names.
CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE schema_migrations (
    version    integer PRIMARY KEY CHECK (version > 0),
    name       text NOT NULL CHECK (name <> ''),
    checksum   text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- The server reads the schema version to answer /api/v1/ready.
GRANT SELECT ON schema_migrations TO anquan_app;
