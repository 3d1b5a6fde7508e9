#!/usr/bin/env bash
# Offline FHIR R4 validator (HAPI FHIR instance validator + R4 core definitions, from Maven Central), for tests and CI.
#
#   validator.sh fetch            download the classpath and compile the validator into the cache (no-op when done)
#   validator.sh validate FILE... validate JSON resources/bundles; one JSON result line per file; exit 1 on any error
#   validator.sh serve            long-lived: one JSON resource per stdin line in, one result line out; prints
#                                 {"ready":true} once the definitions are loaded
#
# Environment:
#   KERMA_CACHE_DIR        jar cache root (default $HOME/.cache/kerma)
#   FHIR_VALIDATOR_HEAP    JVM heap options (default -Xms256m -Xmx1g)
set -euo pipefail

readonly HAPI_VERSION=8.6.1
readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly CACHE_DIR="${KERMA_CACHE_DIR:-$HOME/.cache/kerma}/fhir-validator-${HAPI_VERSION}"
readonly LIBS_DIR="$CACHE_DIR/libs"
readonly CLASSES_DIR="$CACHE_DIR/classes"
readonly FETCH_MARKER="$CACHE_DIR/.built-from.sha256"
readonly HEAP_OPTS="${FHIR_VALIDATOR_HEAP:--Xms256m -Xmx1g}"
readonly MAIN_CLASS=KermaFhirValidator

readonly SCRIPT_NAME="validator.sh"
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"


run_java() {
  java_tool_is_built || die "the validator is not built: run '$0 fetch' first"
  # shellcheck disable=SC2086 # HEAP_OPTS holds several JVM options
  exec java $HEAP_OPTS -XX:+UseSerialGC -cp "$CLASSES_DIR:$LIBS_DIR/*" "$MAIN_CLASS" "$@"
}

case "${1:-}" in
  fetch) java_tool_fetch validator ;;
  validate)
    shift
    (($# > 0)) || die "validate needs at least one FILE"
    run_java "$@"
    ;;
  serve) run_java --serve ;;
  *) die "usage: $0 fetch | validate FILE... | serve" ;;
esac
