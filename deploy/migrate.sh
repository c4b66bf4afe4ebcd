#!/usr/bin/env bash
# Applies db/migrations/NNNN_name.sql in order, each once, each in its own transaction, and records
# it with its SHA-256 in schema_migrations. A file that changed after it was applied stops the run.
# Usage: deploy/migrate.sh [MIGRATIONS_DIR]   with the owner's libpq URL in MIGRATE_DATABASE_URL.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
mdir=${1:-$here/db/migrations}
url=${MIGRATE_DATABASE_URL:?set MIGRATE_DATABASE_URL to the owner role libpq URL}
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$url" "$@"; }

have_table=$(psql_q -At -c "SELECT to_regclass('public.schema_migrations') IS NOT NULL")
declare -A applied=()
if [ "$have_table" = t ]; then
  while IFS='|' read -r v sum; do applied[$v]=$sum; done \
    < <(psql_q -At -c "SELECT version, checksum FROM schema_migrations")
fi

count=0
for f in "$mdir"/[0-9][0-9][0-9][0-9]_*.sql; do
  [ -e "$f" ] || continue
  base=$(basename "$f" .sql)
  version=$((10#${base%%_*}))
  sum=$(sha256sum "$f" | cut -d' ' -f1)
  if [ -n "${applied[$version]:-}" ]; then
    if [ "${applied[$version]}" != "$sum" ]; then
      echo "migrate: $base.sql was changed after it was applied (recorded ${applied[$version]:0:12}, file ${sum:0:12})." >&2
      echo "migrate: applied migrations are never edited; put the change in a new file." >&2
      exit 1
    fi
    continue
  fi
  {
    echo "SELECT pg_advisory_xact_lock(727266);"
    cat "$f"
    echo
    echo "INSERT INTO schema_migrations (version, name, checksum) VALUES ($version, '${base#*_}', '$sum');"
  } | psql_q --single-transaction -f - >/dev/null
  echo "migrate: applied $base"
  count=$((count + 1))
done
echo "migrate: $count applied, schema at version $(psql_q -At -c 'SELECT coalesce(max(version),0) FROM schema_migrations')"
