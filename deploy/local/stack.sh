#!/usr/bin/env bash
# The deployed mode on one machine: a Kafka broker, one PostgreSQL database per service, the five services
# started from dist/ (run `npm run build` first), each its own process, and nginx in front of them so that
# one base URL serves STOW-RS and every read API, routed as the Helm chart's Ingress routes them.
#
#   stack.sh up     start everything, wait until each service answers /health and the proxy answers; the
#                   last line printed is the one base URL (STOW-RS /dicomweb/studies and the /api/v1 read APIs)
#   stack.sh down   stop what `up` started (proxy, services, and the broker if `up` started it), drop the databases
#   stack.sh pids   one line per process: name, pid, port (for profiling: /proc/<pid>/stat)
#
# Behind the base URL (KERMA_STACK_PORT), each service also listens on its own port:
#   ingest        KERMA_STACK_BASE_PORT      STOW-RS /dicomweb/studies, /api/v1/instances, quarantine, reprocess
#   parser        KERMA_STACK_BASE_PORT + 1  /health only
#   skin-dose     KERMA_STACK_BASE_PORT + 2  /api/v1/studies/<uid>/skin-dose (and map.png), /api/v1/rooms, patient sizes
#   history       KERMA_STACK_BASE_PORT + 3  /api/v1/studies/<uid>, /api/v1/patients/… (the study view)
#   notification  KERMA_STACK_BASE_PORT + 4  /api/v1/alerts
#
# Environment:
#   KERMA_STACK_DIR        pid files, logs, archive, proxy config (default ${TMPDIR:-/tmp}/kerma-stack)
#   KERMA_STACK_PORT       the one base URL's port, served by nginx (default 3000)
#   KERMA_STACK_BASE_PORT  first service port (default 3001)
#   KAFKA_BROKERS          reuse this broker; when unset, `up` starts one with deploy/local/kafka/kafka.sh
#                          (KAFKA_PORT, KAFKA_CONTROLLER_PORT as that script reads them; default 9092/9093)
#   DATABASE_URL           reuse this PostgreSQL server: the databases <prefix>_<service> are created on it
#                          (its user must be allowed to create databases); when unset, the local server
#                          (PGHOST, PGPORT, PGUSER: 127.0.0.1, 5432, postgres; started by postgres.sh if down)
#   KERMA_STACK_DB_PREFIX  prefix of the databases (default kerma_stack: kerma_stack_ingest, …)
#   KAFKA_PARTITIONS       partitions of the topics the services create (default 3)
#   NGINX                  the nginx binary (default: nginx on PATH, or /usr/sbin/nginx; deploy/local/debian-packages.sh)
#   KERMA_STACK_SKIN_DOSE_REPLICAS  skin-dose processes (default 1); replica n > 1 is `skin-dose-n` on port
#                          KERMA_STACK_BASE_PORT + 3 + n, same database and consumer group, started once the
#                          first answers /health (its migrations done)
set -euo pipefail

readonly REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly STACK_DIR="${KERMA_STACK_DIR:-${TMPDIR:-/tmp}/kerma-stack}"
readonly BASE_PORT="${KERMA_STACK_BASE_PORT:-3001}"
readonly PROXY_PORT="${KERMA_STACK_PORT:-3000}"
readonly SERVICES=(ingest parser skin-dose history notification)
readonly DB_PREFIX="${KERMA_STACK_DB_PREFIX:-kerma_stack}"
[[ "$DB_PREFIX" =~ ^[a-z_][a-z0-9_]{0,40}$ ]] || { echo "stack.sh: error: KERMA_STACK_DB_PREFIX must be lower-case letters, digits, _ (at most 41)" >&2; exit 1; }
readonly SKIN_DOSE_REPLICAS="${KERMA_STACK_SKIN_DOSE_REPLICAS:-1}"
[[ "$SKIN_DOSE_REPLICAS" =~ ^[1-9][0-9]*$ ]] || { echo "stack.sh: error: KERMA_STACK_SKIN_DOSE_REPLICAS must be a whole number ≥ 1, got '$SKIN_DOSE_REPLICAS'" >&2; exit 64; }
# Extra skin-dose replicas: process name, then its port.
EXTRA=()
for ((n = 2; n <= SKIN_DOSE_REPLICAS; n++)); do EXTRA+=("skin-dose-$n"); done
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
# Keeps "does not exist, skipping" notices out of the output; errors still show.
export PGOPTIONS="${PGOPTIONS:--c client_min_messages=warning}"

readonly SCRIPT_NAME="stack.sh"
# shellcheck source=deploy/local/lib.sh
source "$REPO/deploy/local/lib.sh"

port_of() {
  local i
  [[ "$1" =~ ^skin-dose-([0-9]+)$ ]] && { echo $((BASE_PORT + 3 + BASH_REMATCH[1])); return; }
  for i in "${!SERVICES[@]}"; do [[ "${SERVICES[$i]}" == "$1" ]] && { echo $((BASE_PORT + i)); return; }; done
  die "unknown service $1"
}
# A replica (skin-dose-2) shares its service's database.
db_of() { local s="${1%-[0-9]*}"; echo "${DB_PREFIX}_${s//-/_}"; }

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# The server's admin URL (kept in the stack dir so `down` drops the databases `up` created on the same server).
readonly ADMIN_URL_FILE="$STACK_DIR/database-admin-url"
admin_url() {
  if [[ -f "$ADMIN_URL_FILE" ]]; then cat "$ADMIN_URL_FILE"; else echo "${DATABASE_URL:-postgres://$PGUSER@$PGHOST:$PGPORT/postgres}"; fi
}
# The same server and credentials as the admin URL, another database (query parameters such as sslmode kept).
db_url_of() {
  [[ "$1" =~ ^([a-z]+://[^/?#]*)(/[^?#]*)?(\?[^#]*)?$ ]] || die "DATABASE_URL is not a postgres://user@host:port/db URL"
  echo "${BASH_REMATCH[1]}/$(db_of "$2")${BASH_REMATCH[3]}"
}
sql() { psql -X -q -v ON_ERROR_STOP=1 -d "$1" -c "$2" >/dev/null; }

# Routes of the one base URL: the chart's table (deploy/helm/kerma/routes.txt), which its Ingress reads too. Regex
# locations win over prefixes in nginx, as the longer regex routes do in the Ingress; a path no service serves
# answers 404 from nginx.
readonly ROUTES_FILE="$REPO/deploy/helm/kerma/routes.txt"

# nginx.conf for an unprivileged nginx in the foreground: everything it writes stays in the stack dir. Bodies
# stream through unbuffered (ingest spools them itself and enforces MAX_REQUEST_BYTES); connections to the
# services are kept alive so a bulk import does not open one per file.
write_proxy_config() {
  local dir="$STACK_DIR/nginx" s r
  mkdir -p "$dir/temp"
  {
    echo "worker_processes 1;"
    echo "pid $dir/nginx.pid;"
    echo "error_log $STACK_DIR/nginx.log warn;"
    echo "events { worker_connections 1024; }"
    echo "http {"
    echo "  access_log off;"
    for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $dir/temp/$t;"; done
    echo "  client_max_body_size 0;"
    echo "  proxy_request_buffering off;"
    echo "  proxy_buffering off;"
    echo "  proxy_http_version 1.1;"
    echo "  proxy_read_timeout 600s;"
    echo "  proxy_send_timeout 600s;"
    echo '  proxy_set_header Connection "";'
    echo '  proxy_set_header Host $http_host;'
    echo '  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;'
    echo '  proxy_set_header X-Forwarded-Proto $scheme;'
    for s in "${SERVICES[@]}"; do
      echo -n "  upstream kerma_${s//-/_} { server 127.0.0.1:$(port_of "$s");"
      [[ "$s" == skin-dose ]] && for r in "${EXTRA[@]}"; do echo -n " server 127.0.0.1:$(port_of "$r");"; done
      echo " keepalive 32; }"
    done
    echo "  server {"
    echo "    listen 127.0.0.1:$PROXY_PORT;"
    local kind path service
    while read -r kind path service; do
      case "$kind" in
        regex) echo "    location ~ ^$path { proxy_pass http://kerma_$(upstream_of "$service"); }" ;;
        prefix) echo "    location $path { proxy_pass http://kerma_$(upstream_of "$service"); }" ;;
      esac
    done < <(grep -v '^#' "$ROUTES_FILE")
    echo "    location / { default_type application/json; return 404 '{\"error\":\"no Kerma service serves this path\"}'; }"
    echo "  }"
    echo "}"
  } >"$dir/nginx.conf"
}
upstream_of() { echo "${1//-/_}"; }

nginx_bin() {
  local bin="${NGINX:-$(command -v nginx || true)}"
  [[ -z "$bin" && -x /usr/sbin/nginx ]] && bin=/usr/sbin/nginx
  [[ -n "$bin" ]] || die "nginx not found (Debian package nginx: deploy/local/debian-packages.sh installs it; or set NGINX)"
  echo "$bin"
}

# Starts one service process (or a skin-dose replica) in the background: `start_service <name> <brokers> <admin URL> <base URL>`.
start_service() {
  local s="$1" port; port="$(port_of "$1")"
  (
    export KAFKA_BROKERS="$2" KAFKA_PARTITIONS="${KAFKA_PARTITIONS:-3}" PORT="$port" HOST=127.0.0.1
    export DATABASE_URL="$(db_url_of "$3" "$s")" PUBLIC_BASE_URL="$4"
    [[ "$s" == ingest ]] && export STORAGE_DIR="$STACK_DIR/archive"
    # The services outlive this script: under npm (npx, npm test) they would stop when their parent exits.
    unset npm_lifecycle_event
    cd "$REPO"
    exec node "dist/services/${s%-[0-9]*}/src/main.js" >"$STACK_DIR/$s.log" 2>&1
  ) &
  echo $! >"$STACK_DIR/$s.pid"
}

# Waits until a started service answers /health: `await_service <name> <deadline in SECONDS>`.
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
  local nginx; nginx="$(nginx_bin)"
  for s in "${SERVICES[@]}"; do
    [[ -f "$REPO/dist/services/$s/src/main.js" ]] || die "dist/services/$s/src/main.js is missing: run \`npm run build\` first"
    alive "$STACK_DIR/$s.pid" && die "$s is already running (pid $(cat "$STACK_DIR/$s.pid")); run \`stack.sh down\` first"
  done
  alive "$STACK_DIR/nginx.pid" && die "the proxy is already running (pid $(cat "$STACK_DIR/nginx.pid")); run \`stack.sh down\` first"
  mkdir -p "$STACK_DIR"
  local brokers="${KAFKA_BROKERS:-}"
  if [[ -z "$brokers" ]]; then
    brokers="$(KERMA_STATE_DIR="$STACK_DIR/kafka" "$REPO/deploy/local/kafka/kafka.sh" start | tail -n 1)"
    touch "$STACK_DIR/kafka.started"
  fi
  [[ -n "${DATABASE_URL:-}" ]] || "$REPO/deploy/local/postgres.sh" ensure
  rm -f "$ADMIN_URL_FILE"
  local admin; admin="$(admin_url)"
  (umask 077; echo "$admin" >"$ADMIN_URL_FILE")
  for s in "${SERVICES[@]}"; do
    sql "$admin" "DROP DATABASE IF EXISTS \"$(db_of "$s")\" WITH (FORCE)"
    sql "$admin" "CREATE DATABASE \"$(db_of "$s")\""
  done
  local base_url="http://127.0.0.1:$PROXY_PORT"
  local deadline=$((SECONDS + ${KERMA_STACK_READY_TIMEOUT_S:-180}))
  for s in "${SERVICES[@]}"; do start_service "$s" "$brokers" "$admin" "$base_url"; done
  for s in "${SERVICES[@]}"; do await_service "$s" "$deadline"; done
  # Replicas once the first skin-dose answers /health (its migrations done).
  for s in "${EXTRA[@]}"; do start_service "$s" "$brokers" "$admin" "$base_url"; done
  for s in "${EXTRA[@]}"; do await_service "$s" "$deadline"; done
  write_proxy_config
  "$nginx" -t -q -p "$STACK_DIR/nginx" -c "$STACK_DIR/nginx/nginx.conf" -e "$STACK_DIR/nginx.log" ||
    die "nginx refused the generated config $STACK_DIR/nginx/nginx.conf"
  "$nginx" -p "$STACK_DIR/nginx" -c "$STACK_DIR/nginx/nginx.conf" -e "$STACK_DIR/nginx.log" -g 'daemon off;' >>"$STACK_DIR/nginx.log" 2>&1 &
  echo $! >"$STACK_DIR/nginx.pid"
  # Through the proxy: a route of each side (ingest's instances, history's studies) must reach its service
  # (any answer but nginx's own 502/504; without a query the services may answer 400).
  for path in /api/v1/instances /api/v1/studies; do
    until [[ "$(curl -sS -o /dev/null -w '%{http_code}' "$base_url$path" 2>/dev/null)" =~ ^[1-4][0-9][0-9]$ ]]; do
      alive "$STACK_DIR/nginx.pid" || die "nginx exited; see $STACK_DIR/nginx.log:$(echo; tail -n 20 "$STACK_DIR/nginx.log")"
      ((SECONDS < deadline)) || die "the proxy did not answer $path in time; see $STACK_DIR/nginx.log"
      sleep 0.25
    done
  done
  log "proxy (nginx) ready on $base_url (pid $(cat "$STACK_DIR/nginx.pid")); broker $brokers; logs in $STACK_DIR"
  echo "$base_url"
}

stop_pid_file() {
  local name="$1" pid_file="$2"
  if alive "$pid_file"; then
    local pid; pid="$(cat "$pid_file")"
    kill -TERM "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    log "$name stopped"
  fi
  rm -f "$pid_file"
}

down() {
  # nginx in the foreground: TERM to its master stops the workers too (fast shutdown).
  stop_pid_file nginx "$STACK_DIR/nginx.pid"
  # Every replica `up` may have started, whatever KERMA_STACK_SKIN_DOSE_REPLICAS says now.
  local started=("${SERVICES[@]}") f
  for f in "$STACK_DIR"/skin-dose-*.pid; do [[ -f "$f" ]] && started+=("$(basename "$f" .pid)"); done
  for s in "${started[@]}"; do stop_pid_file "$s" "$STACK_DIR/$s.pid"; done
  if [[ -f "$STACK_DIR/kafka.started" ]]; then
    KERMA_STATE_DIR="$STACK_DIR/kafka" "$REPO/deploy/local/kafka/kafka.sh" stop
    rm -f "$STACK_DIR/kafka.started"
  fi
  if [[ -f "$ADMIN_URL_FILE" ]]; then
    local admin; admin="$(admin_url)"
    for s in "${SERVICES[@]}"; do sql "$admin" "DROP DATABASE IF EXISTS \"$(db_of "$s")\" WITH (FORCE)"; done
    rm -f "$ADMIN_URL_FILE"
  fi
  rm -rf "$STACK_DIR/archive" "$STACK_DIR/nginx"
}

pids() {
  for s in "${SERVICES[@]}" "${EXTRA[@]}"; do
    alive "$STACK_DIR/$s.pid" && echo "$s $(cat "$STACK_DIR/$s.pid") $(port_of "$s")"
  done
  alive "$STACK_DIR/nginx.pid" && echo "nginx $(cat "$STACK_DIR/nginx.pid") $PROXY_PORT"
  return 0
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  pids) pids ;;
  *) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
esac
