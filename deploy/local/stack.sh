#!/usr/bin/env bash
# The deployed mode on one machine: a Kafka broker, one PostgreSQL database per service and the five
# services started from dist/ (run `npm run build` first), each its own process.
#
#   stack.sh up     start everything, wait until each service answers /health; the last line printed
#                   is ingest's base URL (STOW-RS goes there)
#   stack.sh down   stop what `up` started (services, and the broker if `up` started it), drop the databases
#   stack.sh pids   one line per service: name, pid, port (for profiling: /proc/<pid>/stat)
#
# Read APIs (each service serves its own; there is no proxy in front):
#   ingest        KERMA_STACK_BASE_PORT      STOW-RS /dicomweb/studies, /api/v1/instances, quarantine, reprocess
#   parser        KERMA_STACK_BASE_PORT + 1  /health only
#   skin-dose     KERMA_STACK_BASE_PORT + 2  /api/v1/studies/<uid>/skin-dose (and map.png), /api/v1/rooms, patient sizes
#   history       KERMA_STACK_BASE_PORT + 3  /api/v1/studies/<uid>, /api/v1/patients/… (the study view)
#   notification  KERMA_STACK_BASE_PORT + 4  /api/v1/alerts
#
# Environment:
#   KERMA_STACK_DIR        pid files, logs, archive (default ${TMPDIR:-/tmp}/kerma-stack)
#   KERMA_STACK_BASE_PORT  first HTTP port (default 3001)
#   KAFKA_BROKERS          reuse this broker; when unset, `up` starts one with deploy/local/kafka/kafka.sh
#                          (KAFKA_PORT, KAFKA_CONTROLLER_PORT as that script reads them; default 9092/9093)
#   PGHOST, PGPORT, PGUSER PostgreSQL server for the databases kerma_stack_<service> (127.0.0.1, 5432, postgres)
#   KAFKA_PARTITIONS       partitions of the topics the services create (default 3)
#   KERMA_STACK_SKIN_DOSE_REPLICAS  skin-dose processes (default 1); replica n > 1 is `skin-dose-n` on port
#                          KERMA_STACK_BASE_PORT + 3 + n, same database and consumer group, started once the
#                          first answers /health (its migrations done)
set -euo pipefail

readonly REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly STACK_DIR="${KERMA_STACK_DIR:-${TMPDIR:-/tmp}/kerma-stack}"
readonly BASE_PORT="${KERMA_STACK_BASE_PORT:-3001}"
readonly SERVICES=(ingest parser skin-dose history notification)
readonly SKIN_DOSE_REPLICAS="${KERMA_STACK_SKIN_DOSE_REPLICAS:-1}"
[[ "$SKIN_DOSE_REPLICAS" =~ ^[1-9][0-9]*$ ]] || { echo "stack.sh: error: KERMA_STACK_SKIN_DOSE_REPLICAS must be a whole number ≥ 1, got '$SKIN_DOSE_REPLICAS'" >&2; exit 64; }
# Extra skin-dose replicas: process name, then its port.
EXTRA=()
for ((n = 2; n <= SKIN_DOSE_REPLICAS; n++)); do EXTRA+=("skin-dose-$n"); done
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"

log() { echo "stack.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

port_of() {
  local i
  [[ "$1" =~ ^skin-dose-([0-9]+)$ ]] && { echo $((BASE_PORT + 3 + BASH_REMATCH[1])); return; }
  for i in "${!SERVICES[@]}"; do [[ "${SERVICES[$i]}" == "$1" ]] && { echo $((BASE_PORT + i)); return; }; done
  die "unknown service $1"
}
db_of() { local s="${1%-[0-9]*}"; echo "kerma_stack_${s//-/_}"; }

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_service() {
  local s="$1" port; port="$(port_of "$1")"
  (
    export KAFKA_BROKERS="$2" KAFKA_PARTITIONS="${KAFKA_PARTITIONS:-3}" PORT="$port" HOST=127.0.0.1
    export DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$(db_of "$s")" PUBLIC_BASE_URL="http://127.0.0.1:$port"
    [[ "$s" == ingest ]] && export STORAGE_DIR="$STACK_DIR/archive"
    cd "$REPO"
    exec node "dist/services/${s%-[0-9]*}/src/main.js" >"$STACK_DIR/$s.log" 2>&1
  ) &
  echo $! >"$STACK_DIR/$s.pid"
}

await_service() {
  local s="$1" port; port="$(port_of "$1")"
  until curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
    alive "$STACK_DIR/$s.pid" || die "$s exited; see $STACK_DIR/$s.log:$(echo; tail -n 20 "$STACK_DIR/$s.log")"
    ((SECONDS < $2)) || die "$s did not answer /health in time; see $STACK_DIR/$s.log"
    sleep 0.5
  done
  log "$s ready on http://127.0.0.1:$port (pid $(cat "$STACK_DIR/$s.pid"))"
}

up() {
  for s in "${SERVICES[@]}"; do
    [[ -f "$REPO/dist/services/$s/src/main.js" ]] || die "dist/services/$s/src/main.js is missing: run \`npm run build\` first"
    alive "$STACK_DIR/$s.pid" && die "$s is already running (pid $(cat "$STACK_DIR/$s.pid")); run \`stack.sh down\` first"
  done
  mkdir -p "$STACK_DIR"
  local brokers="${KAFKA_BROKERS:-}"
  if [[ -z "$brokers" ]]; then
    brokers="$(KERMA_STATE_DIR="$STACK_DIR/kafka" "$REPO/deploy/local/kafka/kafka.sh" start | tail -n 1)"
    touch "$STACK_DIR/kafka.started"
  fi
  "$REPO/deploy/local/postgres.sh" ensure
  for s in "${SERVICES[@]}"; do
    "$REPO/deploy/local/postgres.sh" drop-db "$(db_of "$s")"
    "$REPO/deploy/local/postgres.sh" create-db "$(db_of "$s")"
  done
  for s in "${SERVICES[@]}"; do start_service "$s" "$brokers"; done
  local deadline=$((SECONDS + ${KERMA_STACK_READY_TIMEOUT_S:-180}))
  for s in "${SERVICES[@]}"; do await_service "$s" "$deadline"; done
  for s in "${EXTRA[@]}"; do start_service "$s" "$brokers"; done
  for s in "${EXTRA[@]}"; do await_service "$s" "$deadline"; done
  log "broker $brokers; study view (history) http://127.0.0.1:$(port_of history); logs in $STACK_DIR"
  echo "http://127.0.0.1:$(port_of ingest)"
}

down() {
  # Every replica `up` may have started, whatever KERMA_STACK_SKIN_DOSE_REPLICAS says now.
  local started=("${SERVICES[@]}") f
  for f in "$STACK_DIR"/skin-dose-*.pid; do [[ -f "$f" ]] && started+=("$(basename "$f" .pid)"); done
  for s in "${started[@]}"; do
    local pid_file="$STACK_DIR/$s.pid"
    if alive "$pid_file"; then
      local pid; pid="$(cat "$pid_file")"
      kill -TERM "$pid"
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
      log "$s stopped"
    fi
    rm -f "$pid_file"
  done
  if [[ -f "$STACK_DIR/kafka.started" ]]; then
    KERMA_STATE_DIR="$STACK_DIR/kafka" "$REPO/deploy/local/kafka/kafka.sh" stop
    rm -f "$STACK_DIR/kafka.started"
  fi
  for s in "${SERVICES[@]}"; do "$REPO/deploy/local/postgres.sh" drop-db "$(db_of "$s")"; done
  rm -rf "$STACK_DIR/archive"
}

pids() {
  for s in "${SERVICES[@]}" "${EXTRA[@]}"; do
    alive "$STACK_DIR/$s.pid" && echo "$s $(cat "$STACK_DIR/$s.pid") $(port_of "$s")"
  done
  return 0
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  pids) pids ;;
  *) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
esac
