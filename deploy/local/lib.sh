# Helpers shared by the scripts that start local test servers (sourced, not run). The sourcing script sets
# SCRIPT_NAME first: messages are prefixed with it so a CI log shows which script failed.

log() { echo "${SCRIPT_NAME:-deploy/local}: $*" >&2; }
die() { log "error: $*"; exit 1; }

# True when something accepts TCP connections on 127.0.0.1:<port>.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Pid recorded in <pid file> if that process is alive and its command line contains <marker> (guards
# against pid reuse after a reboot or a crash): `pid_if_running <pid file> <marker>`.
pid_if_running() {
  [[ -f "$1" ]] || return 1
  local pid
  pid="$(cat "$1")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  ps -o args= -p "$pid" 2>/dev/null | grep -qF -- "$2" || return 1
  echo "$pid"
}
