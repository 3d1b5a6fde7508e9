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
readonly MAIN_CLASS=KermaFhirServer

readonly SCRIPT_NAME="fhir-server.sh"
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"


case "${1:-}" in
  fetch) java_tool_fetch server ;;
  serve)
    [[ "${2:-}" =~ ^[0-9]+$ ]] || die "serve needs a PORT"
    java_tool_is_built || die "the server is not built: run '$0 fetch' first"
    # shellcheck disable=SC2086 # HEAP_OPTS holds several JVM options
    exec java $HEAP_OPTS -XX:+UseSerialGC -cp "$CLASSES_DIR:$LIBS_DIR/*" "$MAIN_CLASS" "$2"
    ;;
  *) die "usage: $0 fetch | serve PORT" ;;
esac
