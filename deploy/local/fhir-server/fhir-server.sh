#!/usr/bin/env bash
# Local FHIR R4 server for the push tests (HAPI FHIR's plain-server framework on an embedded Jetty, validating every
# request body with the R4 core definitions; resources kept in memory), built from Maven Central jars.
#
#   fhir-server.sh fetch          download the classpath and compile the server into the cache (no-op when done)
#   fhir-server.sh serve PORT     run in the foreground on 127.0.0.1:PORT, base URL http://127.0.0.1:PORT/fhir;
#                                 prints {"ready":true,...} once the definitions are loaded and it serves
#
# Environment:
#   KERMA_CACHE_DIR        jar cache root (default $HOME/.cache/kerma)
#   FHIR_SERVER_HEAP       JVM heap options (default -Xms256m -Xmx1g)
#   FHIR_SERVER_TOKEN      when set, every request must carry "Authorization: Bearer <token>"
set -euo pipefail

readonly HAPI_VERSION=8.6.1
readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly CACHE_DIR="${KERMA_CACHE_DIR:-$HOME/.cache/kerma}/fhir-server-${HAPI_VERSION}"
readonly LIBS_DIR="$CACHE_DIR/libs"
readonly CLASSES_DIR="$CACHE_DIR/classes"
readonly FETCH_MARKER="$CACHE_DIR/.built-from.sha256"
readonly HEAP_OPTS="${FHIR_SERVER_HEAP:--Xms256m -Xmx1g}"
readonly DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
readonly MAIN_CLASS=KermaFhirServer

log() { echo "fhir-server.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

sources_checksum() { cat "$SCRIPT_DIR/pom.xml" "$SCRIPT_DIR/src/$MAIN_CLASS.java" | sha256sum | cut -d' ' -f1; }

is_built() { [[ -f "$FETCH_MARKER" && "$(cat "$FETCH_MARKER")" == "$(sources_checksum)" ]]; }

cmd_fetch() {
  if is_built; then
    log "server already built in $CACHE_DIR"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (Maven 3.8+ is needed to fetch the server jars)"
  command -v javac >/dev/null || die "javac not found (a Java 17 JDK is needed to build the server)"
  mkdir -p "$CACHE_DIR"
  # Build into scratch folders and rename, so an interrupted fetch never looks complete.
  local scratch
  scratch="$(mktemp -d "$CACHE_DIR/build.partial.XXXXXX")"
  log "fetching hapi-fhir $HAPI_VERSION server jars into $LIBS_DIR"
  if ! mvn -B -q -Dstyle.color=never -f "$SCRIPT_DIR/pom.xml" "$DEPENDENCY_PLUGIN:copy-dependencies" \
      -DoutputDirectory="$scratch/libs" -DincludeScope=runtime >&2; then
    rm -rf "$scratch"
    die "maven could not fetch the server jars (is Maven Central reachable?)"
  fi
  if ! javac -nowarn -d "$scratch/classes" -cp "$scratch/libs/*" "$SCRIPT_DIR/src/$MAIN_CLASS.java" >&2; then
    rm -rf "$scratch"
    die "javac could not compile $MAIN_CLASS.java"
  fi
  rm -rf "$LIBS_DIR" "$CLASSES_DIR"
  mv "$scratch/libs" "$LIBS_DIR"
  mv "$scratch/classes" "$CLASSES_DIR"
  rmdir "$scratch"
  sources_checksum >"$FETCH_MARKER"
  log "built the server ($(find "$LIBS_DIR" -name '*.jar' | wc -l) jars)"
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  serve)
    [[ "${2:-}" =~ ^[0-9]+$ ]] || die "serve needs a PORT"
    is_built || die "the server is not built: run '$0 fetch' first"
    # shellcheck disable=SC2086 # HEAP_OPTS holds several JVM options
    exec java $HEAP_OPTS -XX:+UseSerialGC -cp "$CLASSES_DIR:$LIBS_DIR/*" "$MAIN_CLASS" "$2"
    ;;
  *) die "usage: $0 fetch | serve PORT" ;;
esac
