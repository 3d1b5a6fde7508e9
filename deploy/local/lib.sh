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

# Java test tools (the FHIR validator, the FHIR server): runtime jars from Maven Central listed by
# $SCRIPT_DIR/pom.xml and one source file $SCRIPT_DIR/src/$MAIN_CLASS.java, compiled into $CLASSES_DIR with
# the jars in $LIBS_DIR. $FETCH_MARKER records what they were built from, so an edit rebuilds.
java_tool_checksum() { cat "$SCRIPT_DIR/pom.xml" "$SCRIPT_DIR/src/$MAIN_CLASS.java" | sha256sum | cut -d' ' -f1; }

java_tool_is_built() { [[ -f "$FETCH_MARKER" && "$(cat "$FETCH_MARKER")" == "$(java_tool_checksum)" ]]; }

# `java_tool_fetch <what it is>`: a no-op when built from the current sources.
java_tool_fetch() {
  local what="$1"
  if java_tool_is_built; then
    log "$what already built in $CACHE_DIR"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (Maven 3.8+ is needed to fetch the $what jars)"
  command -v javac >/dev/null || die "javac not found (a Java 17 JDK is needed to build the $what)"
  mkdir -p "$CACHE_DIR"
  # Build into scratch folders and rename, so an interrupted fetch never looks complete.
  local scratch
  scratch="$(mktemp -d "$CACHE_DIR/build.partial.XXXXXX")"
  log "fetching the $what jars into $LIBS_DIR"
  if ! mvn -B -q -Dstyle.color=never -f "$SCRIPT_DIR/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DoutputDirectory="$scratch/libs" -DincludeScope=runtime >&2; then
    rm -rf "$scratch"
    die "maven could not fetch the $what jars (is Maven Central reachable?)"
  fi
  if ! javac -nowarn -d "$scratch/classes" -cp "$scratch/libs/*" "$SCRIPT_DIR/src/$MAIN_CLASS.java" >&2; then
    rm -rf "$scratch"
    die "javac could not compile $MAIN_CLASS.java"
  fi
  rm -rf "$LIBS_DIR" "$CLASSES_DIR"
  mv "$scratch/libs" "$LIBS_DIR"
  mv "$scratch/classes" "$CLASSES_DIR"
  rmdir "$scratch"
  java_tool_checksum >"$FETCH_MARKER"
  log "built the $what ($(find "$LIBS_DIR" -name '*.jar' | wc -l) jars)"
}
