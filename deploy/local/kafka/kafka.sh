#!/usr/bin/env bash
# Single-node KRaft Kafka broker from Maven jars, for local development and CI (no Docker needed).
#
#   kafka.sh fetch    download the broker classpath into the cache (quick no-op when already there)
#   kafka.sh start    fetch, format fresh storage, start in the background, wait until ready
#                     (with KAFKA_KEEP_DATA=1: reuse the storage of an earlier start in the same state dir)
#   kafka.sh stop     stop the broker this script started (pid file), SIGKILL after a timeout
#   kafka.sh status   exit 0 when running, 3 when not
#
# Environment:
#   KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093)
#   KERMA_CACHE_DIR   jar cache root (default $HOME/.cache/kerma)
#   KERMA_STATE_DIR   pid file, log, rendered config and data (default ${TMPDIR:-/tmp}/kerma-kafka)
#   KAFKA_HEAP_OPTS   (-Xms256m -Xmx768m), KAFKA_START_TIMEOUT_S (120), KAFKA_STOP_TIMEOUT_S (30)
#   KAFKA_KEEP_DATA   1: `start` keeps existing topics and offsets (a broker restart); default: fresh storage
#   KAFKA_SECURITY    plaintext (default) or sasl_ssl: the client listener then takes TLS (a throw-away CA made
#                     by deploy/local/tls/make-test-ca.sh into the state dir; clients trust $KERMA_STATE_DIR/tls/ca.crt)
#                     and SCRAM-SHA-512/256 logins; KAFKA_SCRAM_USER / KAFKA_SCRAM_PASSWORD (kerma / kerma-secret)
#                     is the client account created with the storage
set -euo pipefail

readonly KAFKA_VERSION=4.1.1
readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly CACHE_DIR="${KERMA_CACHE_DIR:-$HOME/.cache/kerma}/kafka-${KAFKA_VERSION}"
readonly LIBS_DIR="$CACHE_DIR/libs"
readonly FETCH_MARKER="$LIBS_DIR/.fetched-from-pom.sha256"
readonly STATE_DIR="${KERMA_STATE_DIR:-${TMPDIR:-/tmp}/kerma-kafka}"
readonly PID_FILE="$STATE_DIR/kafka.pid"
readonly LOG_FILE="$STATE_DIR/kafka.log"
readonly CONFIG_FILE="$STATE_DIR/server.properties"
readonly DATA_DIR="$STATE_DIR/data"
readonly PORT="${KAFKA_PORT:-9092}"
readonly CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
readonly HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
readonly START_TIMEOUT_S="${KAFKA_START_TIMEOUT_S:-120}"
readonly STOP_TIMEOUT_S="${KAFKA_STOP_TIMEOUT_S:-30}"
readonly KEEP_DATA="${KAFKA_KEEP_DATA:-0}"
readonly SECURITY="${KAFKA_SECURITY:-plaintext}"
readonly SCRAM_USER="${KAFKA_SCRAM_USER:-kerma}"
readonly SCRAM_PASSWORD="${KAFKA_SCRAM_PASSWORD:-kerma-secret}"
readonly TLS_DIR="$STATE_DIR/tls"
# The broker's own inter-broker login (single node: it talks to itself over the client listener).
readonly BROKER_SCRAM_PASSWORD="broker-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
readonly DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
readonly JVM_LOG_OPTS=("-Dlog4j2.configurationFile=$SCRIPT_DIR/log4j2.properties")

readonly SCRIPT_NAME="kafka.sh"
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

pom_checksum() { sha256sum "$SCRIPT_DIR/pom.xml" | cut -d' ' -f1; }

is_fetched() {
  [[ -f "$FETCH_MARKER" && "$(cat "$FETCH_MARKER")" == "$(pom_checksum)" ]]
}

cmd_fetch() {
  if is_fetched; then
    log "jars already in $LIBS_DIR"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (Maven 3.8+ is needed to fetch the broker jars)"
  mkdir -p "$CACHE_DIR"
  # Download into a scratch folder and rename, so an interrupted fetch never looks complete.
  local scratch
  scratch="$(mktemp -d "$CACHE_DIR/libs.partial.XXXXXX")"
  log "fetching kafka_2.13:$KAFKA_VERSION jars into $LIBS_DIR"
  if ! mvn -B -q -Dstyle.color=never -f "$SCRIPT_DIR/pom.xml" "$DEPENDENCY_PLUGIN:copy-dependencies" \
      -DoutputDirectory="$scratch" -DincludeScope=runtime >&2; then
    rm -rf "$scratch"
    die "maven could not fetch the broker jars (is Maven Central reachable?)"
  fi
  pom_checksum >"$scratch/.fetched-from-pom.sha256"
  rm -rf "$LIBS_DIR"
  mv "$scratch" "$LIBS_DIR"
  log "fetched $(find "$LIBS_DIR" -name '*.jar' | wc -l) jars"
}

# Pid of the broker started from this state dir, if it is still alive.
running_pid() { pid_if_running "$PID_FILE" "kafka.Kafka $CONFIG_FILE"; }

advertised_port() { sed -n 's|^advertised.listeners=[A-Z_]*://127.0.0.1:||p' "$CONFIG_FILE"; }

# KRaft cluster id: 16 random bytes, base64url without padding. Kafka never hands out ids starting with '-'
# because they read as command-line flags.
random_cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$id" != -* ]] && { echo "$id"; return; }
  done
}

render_config() {
  sed -e "s|@KAFKA_PORT@|$PORT|g" \
      -e "s|@KAFKA_CONTROLLER_PORT@|$CONTROLLER_PORT|g" \
      -e "s|@KAFKA_DATA_DIR@|$DATA_DIR|g" \
      "$SCRIPT_DIR/server.properties.template" >"$CONFIG_FILE"
  case "$SECURITY" in
    plaintext) ;;
    sasl_ssl) render_sasl_ssl ;;
    *) die "KAFKA_SECURITY=$SECURITY: expected plaintext or sasl_ssl" ;;
  esac
}

# The client listener becomes SASL_SSL (SCRAM over TLS); the controller listener stays on loopback plaintext.
render_sasl_ssl() {
  [[ -f "$TLS_DIR/ca.crt" ]] || "$SCRIPT_DIR/../tls/make-test-ca.sh" "$TLS_DIR" >/dev/null
  sed -i -e "s|PLAINTEXT://127.0.0.1:$PORT|SASL_SSL://127.0.0.1:$PORT|g" \
         -e "s|^inter.broker.listener.name=PLAINTEXT|inter.broker.listener.name=SASL_SSL|" \
         -e "s|^listener.security.protocol.map=.*|listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL|" \
         "$CONFIG_FILE"
  cat >>"$CONFIG_FILE" <<PROPS

# KAFKA_SECURITY=sasl_ssl
sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="$(broker_password)";
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PEM
ssl.keystore.location=$TLS_DIR/server-keystore.pem
ssl.truststore.type=PEM
ssl.truststore.location=$TLS_DIR/ca.crt
ssl.endpoint.identification.algorithm=https
PROPS
}

# Kept in the state dir so a restart with KAFKA_KEEP_DATA=1 logs in with the credential formatted into the storage.
broker_password() {
  [[ -f "$TLS_DIR/broker.password" ]] || { mkdir -p "$TLS_DIR"; echo "$BROKER_SCRAM_PASSWORD" >"$TLS_DIR/broker.password"; }
  cat "$TLS_DIR/broker.password"
}

# SCRAM credentials are created with the storage (KRaft); none in plaintext mode.
scram_format_args() {
  [[ "$SECURITY" == sasl_ssl ]] || return 0
  local password
  password="$(broker_password)"
  printf '%s\n' --add-scram "SCRAM-SHA-512=[name=broker,password=$password]" \
    --add-scram "SCRAM-SHA-512=[name=$SCRAM_USER,password=$SCRAM_PASSWORD]" \
    --add-scram "SCRAM-SHA-256=[name=$SCRAM_USER,password=$SCRAM_PASSWORD]"
}

fail_start() {
  log "error: $1"
  log "last lines of $LOG_FILE:"
  tail -n 40 "$LOG_FILE" >&2 || true
  exit 1
}

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    log "already running (pid $pid, state $STATE_DIR); nothing to do"
    echo "127.0.0.1:$(advertised_port)"
    return 0
  fi
  cmd_fetch
  command -v java >/dev/null || die "java not found (Java 17+ is needed for Kafka $KAFKA_VERSION)"
  port_open "$PORT" && die "port $PORT is already in use (set KAFKA_PORT)"
  port_open "$CONTROLLER_PORT" && die "controller port $CONTROLLER_PORT is already in use (set KAFKA_CONTROLLER_PORT)"

  if [[ "$KEEP_DATA" == 1 && -f "$DATA_DIR/meta.properties" ]]; then
    # A restart: same cluster id, topics and committed offsets. The log starts afresh so the readiness
    # check below waits for this start, not the previous one.
    log "keeping the storage in $DATA_DIR"
    rm -f "$PID_FILE" "$LOG_FILE"
    render_config
  else
    rm -rf "$DATA_DIR" "$PID_FILE" "$LOG_FILE" "$TLS_DIR"
    mkdir -p "$DATA_DIR"
    render_config
    local scram_args=()
    mapfile -t scram_args < <(scram_format_args)
    java -Xmx256m "${JVM_LOG_OPTS[@]}" -cp "$LIBS_DIR/*" kafka.tools.StorageTool format \
      -t "$(random_cluster_id)" -c "$CONFIG_FILE" "${scram_args[@]}" >"$STATE_DIR/format.log" 2>&1 \
      || { cat "$STATE_DIR/format.log" >&2; die "formatting storage in $DATA_DIR failed"; }
  fi

  # shellcheck disable=SC2086 # HEAP_OPTS holds several JVM flags
  nohup java $HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true "${JVM_LOG_OPTS[@]}" \
    -cp "$LIBS_DIR/*" kafka.Kafka "$CONFIG_FILE" </dev/null >"$LOG_FILE" 2>&1 &
  pid=$!
  disown "$pid"
  echo "$pid" >"$PID_FILE"

  local deadline=$((SECONDS + START_TIMEOUT_S))
  until grep -qs "Kafka Server started" "$LOG_FILE" && port_open "$PORT"; do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; fail_start "broker exited during startup"; }
    if ((SECONDS >= deadline)); then
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$PID_FILE"
      fail_start "broker not ready after ${START_TIMEOUT_S}s (killed)"
    fi
    sleep 0.25
  done
  log "started (pid $pid, state $STATE_DIR)"
  echo "127.0.0.1:$PORT"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running (state $STATE_DIR)"
    return 0
  fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + STOP_TIMEOUT_S))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "no exit after ${STOP_TIMEOUT_S}s, sending SIGKILL to $pid"
      kill -KILL "$pid" 2>/dev/null || true
      # Bounded: without an init that reaps orphans, a killed broker can linger as a zombie.
      for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      break
    fi
    sleep 0.2
  done
  rm -f "$PID_FILE"
  log "stopped (pid $pid)"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    echo "running pid=$pid bootstrap=127.0.0.1:$(advertised_port) state=$STATE_DIR"
  else
    echo "stopped state=$STATE_DIR"
    return 3
  fi
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $(basename "$0") fetch|start|stop|status" >&2; exit 2 ;;
esac
