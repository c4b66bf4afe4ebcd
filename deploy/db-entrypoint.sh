#!/usr/bin/env bash
# Entrypoint of deploy/Dockerfile.db (runs as the postgres OS user).
# First start: initdb, create the roles and the database, allow password
# logins over the network. Every start: exec postgres in the foreground.
# Env: ANQUAN_OWNER_PASSWORD, ANQUAN_APP_PASSWORD (required on first start),
#      PGDATA (set by the image).
set -euo pipefail

: "${PGDATA:?PGDATA not set}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${ANQUAN_OWNER_PASSWORD:?set ANQUAN_OWNER_PASSWORD}"
  : "${ANQUAN_APP_PASSWORD:?set ANQUAN_APP_PASSWORD}"
  echo "db-entrypoint: initialising cluster in $PGDATA"
  initdb -D "$PGDATA" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
         --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  # Password logins from the compose network (the superuser stays local-only).
  {
    echo "host  all  postgres  all  reject"
    echo "host  all  all       all  scram-sha-256"
  } >> "$PGDATA/pg_hba.conf"

  # Start on the Unix socket only, so no client (or health check over TCP)
  # sees the server before the roles exist.
  pg_ctl -D "$PGDATA" -w -o "-c listen_addresses=''" start >/dev/null
  psql -v ON_ERROR_STOP=1 -X -q -U postgres -d postgres \
       -v owner_pw="$ANQUAN_OWNER_PASSWORD" -v app_pw="$ANQUAN_APP_PASSWORD" <<'SQL'
CREATE ROLE anquan_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_pw';
CREATE ROLE anquan_app   LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'app_pw';
CREATE DATABASE anquan OWNER anquan_owner ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE anquan FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE anquan TO anquan_app;
\connect anquan
-- PG15 already keeps PUBLIC out of CREATE on schema public; the owner role
-- (which runs the migrations) owns the schema, the runtime role only uses it.
ALTER SCHEMA public OWNER TO anquan_owner;
GRANT USAGE ON SCHEMA public TO anquan_app;
SQL
  pg_ctl -D "$PGDATA" -w -m fast stop >/dev/null
  echo "db-entrypoint: roles anquan_owner, anquan_app and database anquan created"
fi

exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
