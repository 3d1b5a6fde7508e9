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
readonly DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
readonly MAIN_CLASS=KermaFhirValidator

readonly SCRIPT_NAME="validator.sh"
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

sources_checksum() { cat "$SCRIPT_DIR/pom.xml" "$SCRIPT_DIR/src/$MAIN_CLASS.java" | sha256sum | cut -d' ' -f1; }

is_built() { [[ -f "$FETCH_MARKER" && "$(cat "$FETCH_MARKER")" == "$(sources_checksum)" ]]; }

cmd_fetch() {
  if is_built; then
    log "validator already built in $CACHE_DIR"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (Maven 3.8+ is needed to fetch the validator jars)"
  command -v javac >/dev/null || die "javac not found (a Java 17 JDK is needed to build the validator)"
  mkdir -p "$CACHE_DIR"
  # Build into scratch folders and rename, so an interrupted fetch never looks complete.
  local scratch
  scratch="$(mktemp -d "$CACHE_DIR/build.partial.XXXXXX")"
  log "fetching hapi-fhir $HAPI_VERSION validation jars into $LIBS_DIR"
  if ! mvn -B -q -Dstyle.color=never -f "$SCRIPT_DIR/pom.xml" "$DEPENDENCY_PLUGIN:copy-dependencies" \
      -DoutputDirectory="$scratch/libs" -DincludeScope=runtime >&2; then
    rm -rf "$scratch"
    die "maven could not fetch the validator jars (is Maven Central reachable?)"
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
  log "built the validator ($(find "$LIBS_DIR" -name '*.jar' | wc -l) jars)"
}

run_java() {
  is_built || die "the validator is not built: run '$0 fetch' first"
  # shellcheck disable=SC2086 # HEAP_OPTS holds several JVM options
  exec java $HEAP_OPTS -XX:+UseSerialGC -cp "$CLASSES_DIR:$LIBS_DIR/*" "$MAIN_CLASS" "$@"
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  validate)
    shift
    (($# > 0)) || die "validate needs at least one FILE"
    run_java "$@"
    ;;
  serve) run_java --serve ;;
  *) die "usage: $0 fetch | validate FILE... | serve" ;;
esac
