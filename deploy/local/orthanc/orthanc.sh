#!/usr/bin/env bash
# A throw-away Orthanc PACS (Debian package `orthanc`) for tests and local trials of `kerma pacs backfill`.
# Not the system service: its own config, storage and free ports in a state dir of its own.
#
#   orthanc.sh ensure   install Orthanc when missing (apt-get as root; exit 3 when not installable here)
#   orthanc.sh start    start in the background, wait until its REST API answers, print
#                       "<host>:<dicomPort>:<aet> <restUrl>" on stdout
#   orthanc.sh stop     stop the instance this script started (pid file) and remove its state dir
#   orthanc.sh status   exit 0 when running, 3 when not
#
# Environment:
#   KERMA_ORTHANC_STATE_DIR  config, storage, pid file and log (default ${TMPDIR:-/tmp}/kerma-orthanc)
#   ORTHANC_DICOM_PORT / ORTHANC_HTTP_PORT  fixed ports (default: free ports chosen at start)
#   ORTHANC_AET (ORTHANC), ORTHANC_START_TIMEOUT_S (60)
set -euo pipefail

readonly STATE_DIR="${KERMA_ORTHANC_STATE_DIR:-${TMPDIR:-/tmp}/kerma-orthanc}"
readonly PID_FILE="$STATE_DIR/orthanc.pid"
readonly LOG_FILE="$STATE_DIR/orthanc.log"
readonly CONFIG_FILE="$STATE_DIR/config.json"
readonly ENDPOINT_FILE="$STATE_DIR/endpoint"
readonly AET="${ORTHANC_AET:-ORTHANC}"
readonly START_TIMEOUT_S="${ORTHANC_START_TIMEOUT_S:-60}"

readonly SCRIPT_NAME="orthanc.sh"
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

orthanc_bin() { command -v Orthanc || { [[ -x /usr/sbin/Orthanc ]] && echo /usr/sbin/Orthanc; }; }

cmd_ensure() {
  if orthanc_bin >/dev/null; then return 0; fi
  command -v apt-get >/dev/null || { log "Orthanc is not installed and there is no apt-get here"; exit 3; }
  local as_root=()
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      as_root=(sudo -n)
    else
      log "Orthanc is not installed and this is not root: run 'apt-get install -y orthanc' as root"
      exit 3
    fi
  fi
  log "installing Orthanc (apt-get install -y orthanc)"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq orthanc >&2
  orthanc_bin >/dev/null || die "apt-get installed orthanc but no Orthanc binary was found"
}

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 30000))
    port_open "$port" || { echo "$port"; return 0; }
  done
  die "no free port found"
}

# Pid of the Orthanc started from this state dir, if it is still alive.
running_pid() { pid_if_running "$PID_FILE" "$CONFIG_FILE"; }

cmd_start() {
  local bin
  bin="$(orthanc_bin)" || die "Orthanc is not installed (orthanc.sh ensure, or apt-get install -y orthanc)"
  if running_pid >/dev/null; then
    cat "$ENDPOINT_FILE"
    return 0
  fi
  mkdir -p "$STATE_DIR/db"
  local dicom_port="${ORTHANC_DICOM_PORT:-$(free_port)}" http_port="${ORTHANC_HTTP_PORT:-$(free_port)}"
  # Destinations of C-MOVE are registered by whoever retrieves (PUT /modalities/<name>), not here.
  cat >"$CONFIG_FILE" <<JSON
{
  "Name": "KermaTestPACS",
  "StorageDirectory": "$STATE_DIR/db",
  "IndexDirectory": "$STATE_DIR/db",
  "HttpPort": $http_port,
  "DicomPort": $dicom_port,
  "DicomAet": "$AET",
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "DicomCheckCalledAet": false,
  "DicomAlwaysAllowFind": true,
  "DicomAlwaysAllowGet": true,
  "DicomAlwaysAllowMove": true,
  "DicomAlwaysAllowEcho": true,
  "DicomAlwaysAllowStore": true,
  "UnknownSopClassAccepted": true,
  "Plugins": [],
  "DicomModalities": {}
}
JSON
  "$bin" "$CONFIG_FILE" >"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until curl -fsS "http://127.0.0.1:$http_port/system" >/dev/null 2>&1 && port_open "$dicom_port"; do
    running_pid >/dev/null || { tail -n 20 "$LOG_FILE" >&2; die "Orthanc exited during start (log: $LOG_FILE)"; }
    ((SECONDS < deadline)) || { cmd_stop; die "Orthanc not ready after ${START_TIMEOUT_S}s"; }
    sleep 0.2
  done
  echo "127.0.0.1:$dicom_port:$AET http://127.0.0.1:$http_port" | tee "$ENDPOINT_FILE"
  log "Orthanc ready (pid $(cat "$PID_FILE"), state $STATE_DIR)"
}

cmd_stop() {
  local pid
  if pid="$(running_pid)"; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    log "Orthanc stopped (pid $pid)"
  fi
  rm -rf "$STATE_DIR"
}

case "${1:-}" in
  ensure) cmd_ensure ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) running_pid >/dev/null || exit 3 ;;
  *) echo "usage: $0 ensure|start|stop|status" >&2; exit 2 ;;
esac
