#!/usr/bin/env bash
# Loads the demo data (db/demo/NNNN_name.sql, in order) into a migrated database. Each file is
# idempotent, so a second `make run` leaves the data as it is. Used only by `make run` and tests.
# Usage: deploy/seed.sh   with the owner's libpq URL in MIGRATE_DATABASE_URL.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
url=${MIGRATE_DATABASE_URL:?set MIGRATE_DATABASE_URL to the owner role libpq URL}
n=0
for f in "$here"/db/demo/[0-9][0-9][0-9][0-9]_*.sql; do
  [ -e "$f" ] || continue
  psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d "$url" -f "$f" >/dev/null
  n=$((n + 1))
done
echo "seed: $n demo data files loaded"
