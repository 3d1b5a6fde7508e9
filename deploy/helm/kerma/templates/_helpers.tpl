{{- define "kerma.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped prefix; each service appends "-<service>", so keep room for the longest (notification). */}}
{{- define "kerma.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "kerma.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "kerma.labels" -}}
helm.sh/chart: {{ include "kerma.chart" . }}
app.kubernetes.io/part-of: kerma
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{/* Call with (dict "root" $ "service" "<name>"). */}}
{{- define "kerma.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kerma.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}
{{- end }}

{{- define "kerma.serviceLabels" -}}
{{ include "kerma.labels" .root }}
{{ include "kerma.selectorLabels" . }}
{{- end }}

{{- define "kerma.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "kerma.databaseSecretName" -}}
{{- default (printf "%s-database" (include "kerma.fullname" .)) .Values.database.existingSecret }}
{{- end }}

{{- define "kerma.archiveClaimName" -}}
{{- $persistence := .Values.services.ingest.persistence }}
{{- default (printf "%s-ingest-archive" (include "kerma.fullname" .)) $persistence.existingClaim }}
{{- end }}

{{- define "kerma.kafkaSecretName" -}}
{{- .Values.kafka.existingSecret }}
{{- end }}

{{- define "kerma.oidcClientSecretName" -}}
{{- default (printf "%s-parser-oidc" (include "kerma.fullname" .)) .Values.auth.serviceClient.existingSecret }}
{{- end }}

{{- define "kerma.smtpSecretName" -}}
{{- default (printf "%s-smtp" (include "kerma.fullname" .)) .Values.services.notification.smtp.existingSecret }}
{{- end }}

{{/* E-mail delivery is configured when either an existing Secret or a URL is given. */}}
{{- define "kerma.smtpEnabled" -}}
{{- $smtp := .Values.services.notification.smtp }}
{{- if and .Values.services.notification.enabled (or $smtp.existingSecret $smtp.url) }}true{{ end }}
{{- end }}

{{/* Services scaled by an autoscaler (HPA or KEDA) leave `replicas` to it. Call with the service's values. */}}
{{- define "kerma.autoscaled" -}}
{{- if and .autoscaling .autoscaling.enabled }}true{{ end }}
{{- end }}

{{/* Consumer group and input topic of the services that may scale on consumer lag. */}}
{{- define "kerma.lagSource" -}}
{{- $sources := dict "parser" "kerma.rdsr.received.v1" "skin-dose" "kerma.study.parsed.v2" }}
{{- index $sources . }}
{{- end }}

{{/* A NetworkPolicy egress rule from a {to, ports} value; an empty `to` allows any destination on those ports.
  Call with (dict "rule" <value> "protocols" (list "TCP")). */}}
{{- define "kerma.egressRule" -}}
- ports:
    {{- range $port := .rule.ports }}
    {{- range $protocol := $.protocols }}
    - port: {{ $port }}
      protocol: {{ $protocol }}
    {{- end }}
    {{- end }}
  {{- with .rule.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}

{{/* KEDA's Kafka scaler needs credentials whenever the services do: the TriggerAuthentication the ScaledObjects
  reference, one named in kafka.kedaTriggerAuthentication or the one the chart renders; empty for plaintext. */}}
{{- define "kerma.kedaTriggerAuthenticationName" -}}
{{- if .Values.kafka.kedaTriggerAuthentication }}
{{- .Values.kafka.kedaTriggerAuthentication }}
{{- else if ne .Values.kafka.securityProtocol "plaintext" }}
{{- printf "%s-kafka-keda" (include "kerma.fullname" .) }}
{{- end }}
{{- end }}

{{/* Whether any enabled service scales with KEDA. */}}
{{- define "kerma.kedaUsed" -}}
{{- range $name, $svc := .Values.services }}
{{- if and $svc.enabled (include "kerma.autoscaled" $svc) $svc.autoscaling.keda.enabled }}true{{ end }}
{{- end }}
{{- end }}
