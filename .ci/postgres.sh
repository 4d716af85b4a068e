#!/usr/bin/env bash
# Start a PostgreSQL server on loopback for the server conformance tests.
#
#   eval "$(bash .ci/postgres.sh)"     # sets KAMKIT_DATABASE_URL and KAMKIT_DATABASE_OWNER_URL
#
# Installs Debian's `postgresql` when missing (needs root), creates a cluster
# named `kamkit` (port: KAMKIT_PG_PORT, else the first free one from 5432),
# starts it, and creates two roles and the database `kamkit`:
#   - `kamkit` owns the database and its tables and runs the migrations
#     (KAMKIT_DATABASE_OWNER_URL);
#   - `kamkit_app` is what the application connects as (KAMKIT_DATABASE_URL):
#     it owns nothing, so it can never disable a trigger, drop, rename or
#     replace anything, and the owner grants it only SELECT and INSERT on the
#     audit and version tables when it migrates.
# Safe to run again: every step checks before it acts. Progress goes to
# stderr; stdout carries only the `export` lines.
set -euo pipefail

CLUSTER=kamkit
ROLE=kamkit
PASSWORD="${KAMKIT_PG_PASSWORD:-kamkit}"
APP_ROLE=kamkit_app
APP_PASSWORD="${KAMKIT_PG_APP_PASSWORD:-kamkit_app}"
DATABASE=kamkit

log() { echo "postgres.sh: $*" >&2; }

as_root() {
  if [[ "$(id -u)" == 0 ]]; then "$@"; else sudo "$@"; fi
}

if ! command -v pg_createcluster >/dev/null 2>&1; then
  log "installing Debian's postgresql"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
[[ -n "$VERSION" ]] || { log "no PostgreSQL version under /usr/lib/postgresql"; exit 1; }

cluster_field() { # $1 = column of pg_lsclusters (3 = port, 4 = status)
  pg_lsclusters --no-header 2>/dev/null | awk -v v="$VERSION" -v c="$CLUSTER" -v f="$1" '$1 == v && $2 == c { print $f }'
}

if [[ -z "$(cluster_field 3)" ]]; then
  port_args=()
  if [[ -n "${KAMKIT_PG_PORT:-}" ]]; then port_args=(--port "$KAMKIT_PG_PORT"); fi
  log "creating cluster $VERSION/$CLUSTER"
  as_root pg_createcluster "${port_args[@]}" "$VERSION" "$CLUSTER" -- --auth-local=peer --auth-host=scram-sha-256 >&2
fi
# Loopback only: a conf.d file, read after postgresql.conf, holds our settings.
as_root pg_conftool "$VERSION" "$CLUSTER" remove listen_addresses >&2 || true
as_root install -d -o postgres -g postgres "/etc/postgresql/$VERSION/$CLUSTER/conf.d"
printf "listen_addresses = '127.0.0.1'\n" | as_root tee "/etc/postgresql/$VERSION/$CLUSTER/conf.d/kamkit.conf" >/dev/null

PORT="$(cluster_field 3)"
if [[ "$(cluster_field 4)" != online* ]]; then
  log "starting cluster $VERSION/$CLUSTER on 127.0.0.1:$PORT"
  as_root pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

psql_admin() {
  as_root runuser -u postgres -- psql --port "$PORT" --quiet --no-psqlrc --tuples-only --no-align "$@"
}

for _ in $(seq 1 30); do
  if psql_admin -c 'select 1' >/dev/null 2>&1; then break; fi
  sleep 1
done

ensure_role() { # $1 = role, $2 = password
  if [[ "$(psql_admin -c "select 1 from pg_roles where rolname = '$1'")" != 1 ]]; then
    log "creating role $1"
    psql_admin -c "create role $1 login nosuperuser nocreatedb nocreaterole password '$2'" >&2
  else
    psql_admin -c "alter role $1 login nosuperuser nocreatedb nocreaterole password '$2'" >&2
  fi
}
ensure_role "$ROLE" "$PASSWORD"
ensure_role "$APP_ROLE" "$APP_PASSWORD"
if [[ "$(psql_admin -c "select 1 from pg_database where datname = '$DATABASE'")" != 1 ]]; then
  log "creating database $DATABASE"
  psql_admin -c "create database $DATABASE owner $ROLE" >&2
fi
# The application role connects, but creates nothing: no schemas, no
# temporary tables (which could shadow the audit table on its own sessions).
psql_admin -c "revoke create, temporary on database $DATABASE from public" >&2
psql_admin -c "grant connect on database $DATABASE to $APP_ROLE" >&2
psql_admin --dbname "$DATABASE" -c "revoke create on schema public from public" >&2

echo "export KAMKIT_DATABASE_URL=postgres://$APP_ROLE:$APP_PASSWORD@127.0.0.1:$PORT/$DATABASE"
echo "export KAMKIT_DATABASE_OWNER_URL=postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
