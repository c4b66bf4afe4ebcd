-- GET /api/v1/orgs/{id}'s own SQL as the server runs it: a transaction scoped to the caller's
-- subtree (row-level security) and the org_get statement (api/registry/org_sql.c). The server also looks
-- up the caller in the same transaction; that lookup is what the ratio charges to authentication.
-- pgbench variables: -D org='<uuid>' -D scope='<ltree>' (quoted, substituted as text).
BEGIN;
SELECT set_config('app.org_path', :scope, true);
SELECT o.id, o.parent_id, o.name, o.level, o.division_code, nlevel(o.path) AS depth,
       EXISTS (SELECT 1 FROM orgs c WHERE c.parent_id = o.id) AS has_children,
       o.created_at, o.updated_at, o.version, o.path::text AS _path
  FROM orgs o WHERE o.id = :org AND o.path <@ (:scope)::ltree;
COMMIT;
