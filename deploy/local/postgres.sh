#!/usr/bin/env bash
# The machine's PostgreSQL for local development and CI (Debian cluster tools, trust auth on loopback).
#
#   postgres.sh ensure          start the local cluster if it is down, wait until it accepts connections
#   postgres.sh create-db NAME  create an empty database (no-op when it exists)
#   postgres.sh drop-db NAME    drop a database (no-op when it does not exist)
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PG_CLUSTER (main), PG_READY_TIMEOUT_S (60)
set -euo pipefail

export PGHOST="${PGHOST:-127.0.0.1}"
export PGPORT="${PGPORT:-5432}"
export PGUSER="${PGUSER:-postgres}"
readonly CLUSTER="${PG_CLUSTER:-main}"
readonly READY_TIMEOUT_S="${PG_READY_TIMEOUT_S:-60}"
# Keeps "does not exist, skipping" notices out of the output; errors still show.
export PGOPTIONS="${PGOPTIONS:--c client_min_messages=warning}"

readonly SCRIPT_NAME="postgres.sh"
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

is_ready() { pg_isready -q -h "$PGHOST" -p "$PGPORT"; }

start_local_cluster() {
  command -v pg_ctlcluster >/dev/null || die "PostgreSQL is not accepting connections on $PGHOST:$PGPORT and pg_ctlcluster is not installed"
  local versions
  versions="$(ls /etc/postgresql 2>/dev/null || true)"
  [[ -n "$versions" ]] || die "no PostgreSQL cluster configured in /etc/postgresql"
  [[ "$(wc -w <<<"$versions")" == 1 ]] || die "several PostgreSQL versions in /etc/postgresql ($versions); start the right one yourself"
  log "starting PostgreSQL $versions cluster '$CLUSTER'"
  pg_ctlcluster --skip-systemctl-redirect "$versions" "$CLUSTER" start
}

cmd_ensure() {
  command -v pg_isready >/dev/null || die "pg_isready not found (install the PostgreSQL client tools)"
  if is_ready; then
    log "accepting connections on $PGHOST:$PGPORT"
    return 0
  fi
  start_local_cluster
  local deadline=$((SECONDS + READY_TIMEOUT_S))
  until is_ready; do
    ((SECONDS < deadline)) || die "PostgreSQL not ready on $PGHOST:$PGPORT after ${READY_TIMEOUT_S}s"
    sleep 0.5
  done
  log "accepting connections on $PGHOST:$PGPORT"
}

# Names are restricted so they can be interpolated as SQL identifiers safely.
require_db_name() {
  [[ "${1:-}" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "invalid database name '${1:-}' (expected [a-z_][a-z0-9_]*, at most 63 chars)"
}

db_exists() {
  [[ "$(psql -X -v ON_ERROR_STOP=1 -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$1'")" == 1 ]]
}

cmd_create_db() {
  require_db_name "${1:-}"
  if db_exists "$1"; then
    log "database $1 already exists"
  else
    psql -X -v ON_ERROR_STOP=1 -d postgres -qc "CREATE DATABASE \"$1\"" >/dev/null
    log "created database $1"
  fi
}

cmd_drop_db() {
  require_db_name "${1:-}"
  psql -X -v ON_ERROR_STOP=1 -d postgres -qc "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null \
    || die "could not drop database $1"
  log "dropped database $1 (if it existed)"
}

case "${1:-}" in
  ensure) cmd_ensure ;;
  create-db) cmd_create_db "${2:-}" ;;
  drop-db) cmd_drop_db "${2:-}" ;;
  *) echo "usage: $(basename "$0") ensure|create-db NAME|drop-db NAME" >&2; exit 2 ;;
esac
