#!/usr/bin/env bash
# A private PostgreSQL instance that accepts TLS connections only, for testing Kerma's TLS settings
# (`DATABASE_URL=...?sslmode=verify-full&sslrootcert=<ca.crt>`). It uses the machine's PostgreSQL binaries,
# a throw-away CA (deploy/local/tls/make-test-ca.sh) and trust authentication on loopback over TLS;
# plain TCP connections are rejected by pg_hba.
#
#   postgres-tls.sh start   initdb in the state dir, start, wait, print the admin URL (with sslmode and CA)
#   postgres-tls.sh stop    stop the instance this script started
#
# Environment: PG_TLS_PORT (55432), KERMA_STATE_DIR (${TMPDIR:-/tmp}/kerma-postgres-tls), PG_BIN (the newest
# /usr/lib/postgresql/*/bin). As root the server runs as the `postgres` user.
set -euo pipefail

readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly STATE_DIR="${KERMA_STATE_DIR:-${TMPDIR:-/tmp}/kerma-postgres-tls}"
readonly PORT="${PG_TLS_PORT:-55432}"
readonly DATA_DIR="$STATE_DIR/data"
readonly TLS_DIR="$STATE_DIR/tls"
readonly LOG_FILE="$STATE_DIR/postgres.log"

readonly SCRIPT_NAME="postgres-tls.sh"
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

pg_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$dir" ]] || die "no PostgreSQL binaries under /usr/lib/postgresql (set PG_BIN)"
  echo "$dir"
}

# initdb and the server refuse to run as root.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

admin_url() {
  echo "postgres://postgres@127.0.0.1:$PORT/postgres?sslmode=verify-full&sslrootcert=$TLS_DIR/ca.crt"
}

cmd_start() {
  local bin
  bin="$(pg_bin)"
  if [[ -f "$DATA_DIR/postmaster.pid" ]] && as_owner "$bin/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
    log "already running (state $STATE_DIR)"
    admin_url
    return 0
  fi
  rm -rf "$STATE_DIR"
  mkdir -p "$STATE_DIR"
  "$SCRIPT_DIR/tls/make-test-ca.sh" "$TLS_DIR" >/dev/null
  [[ "$(id -u)" == 0 ]] && chown -R postgres "$STATE_DIR"
  as_owner "$bin/initdb" -D "$DATA_DIR" -U postgres --auth=trust >"$STATE_DIR/initdb.log" 2>&1 \
    || { cat "$STATE_DIR/initdb.log" >&2; die "initdb failed"; }
  cat >"$DATA_DIR/pg_hba.conf" <<HBA
# TLS only: a plain TCP connection is rejected, so a client that silently fell back to plaintext fails.
local   all all                 trust
hostssl all all 127.0.0.1/32    trust
host    all all 127.0.0.1/32    reject
HBA
  as_owner "$bin/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 start -o \
    "-p $PORT -k $STATE_DIR -c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file=$TLS_DIR/server.crt -c ssl_key_file=$TLS_DIR/server.key" \
    >/dev/null || { tail -n 20 "$LOG_FILE" >&2; die "start failed"; }
  log "started on 127.0.0.1:$PORT (state $STATE_DIR)"
  admin_url
}

cmd_stop() {
  local bin
  bin="$(pg_bin)"
  if [[ ! -f "$DATA_DIR/postmaster.pid" ]]; then log "not running (state $STATE_DIR)"; return 0; fi
  as_owner "$bin/pg_ctl" -D "$DATA_DIR" -m fast -w stop >/dev/null || true
  log "stopped"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  *) echo "usage: $(basename "$0") start|stop" >&2; exit 2 ;;
esac
