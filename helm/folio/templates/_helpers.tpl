{{/*
Names, labels and the per-service values merge. Shapes follow Bitnami's common helpers.
*/}}

{{/* Chart name, overridable. */}}
{{- define "folio.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name; the release name alone when it already contains the chart name. */}}
{{- define "folio.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* name-version for the helm.sh/chart label. */}}
{{- define "folio.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every resource of the release. */}}
{{- define "folio.labels" -}}
helm.sh/chart: {{ include "folio.chart" . }}
{{ include "folio.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: folio
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of the release. */}}
{{- define "folio.selectorLabels" -}}
app.kubernetes.io/name: {{ include "folio.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Common annotations block (metadata.annotations), empty when there are none. Argument: dict root extra. */}}
{{- define "folio.annotations" -}}
{{- $all := merge (deepCopy (default (dict) .extra)) (deepCopy .root.Values.commonAnnotations) -}}
{{- with $all -}}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end -}}
{{- end -}}

{{/*
Per-service context. Argument: dict "root" $ "name" <service>. Returns YAML of the merged values:
defaults, then the service's entry, merged key by key. Sprig's merge/mergeOverwrite treat false, 0 and ""
as unset, which would make `enabled: false` impossible, so the merge is done here.
*/}}
{{- define "folio.deepMerge" -}}
{{- $dst := index . 0 -}}
{{- $src := index . 1 -}}
{{- range $key, $value := $src -}}
{{- if and (kindIs "map" $value) (kindIs "map" (index $dst $key)) -}}
{{- include "folio.deepMerge" (list (index $dst $key) $value) -}}
{{- else -}}
{{- $_ := set $dst $key $value -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "folio.serviceValues" -}}
{{- $merged := deepCopy .root.Values.defaults -}}
{{- include "folio.deepMerge" (list $merged (deepCopy (index .root.Values.services .name | default (dict)))) -}}
{{- toYaml $merged -}}
{{- end -}}

{{/* Resource name of one service: <fullname>-<service>. Argument: dict root name. */}}
{{- define "folio.serviceFullname" -}}
{{- printf "%s-%s" (include "folio.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of one service's resources. Argument: dict root name. */}}
{{- define "folio.serviceLabels" -}}
{{ include "folio.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* Selector labels of one service. Argument: dict root name. */}}
{{- define "folio.serviceSelectorLabels" -}}
{{ include "folio.selectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* ServiceAccount name of one service. Argument: dict root name svc. */}}
{{- define "folio.serviceAccountName" -}}
{{- if .svc.serviceAccount.create -}}
{{- default (include "folio.serviceFullname" .) .svc.serviceAccount.name -}}
{{- else -}}
{{- default "default" .svc.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Image reference of one service. Argument: dict root name svc. */}}
{{- define "folio.image" -}}
{{- $repository := default (printf "folio-%s" .name) .svc.image.repository -}}
{{- with .root.Values.global.imageRegistry -}}
{{- $repository = printf "%s/%s" (trimSuffix "/" .) $repository -}}
{{- end -}}
{{- if .svc.image.digest -}}
{{- printf "%s@%s" $repository .svc.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (default .root.Chart.AppVersion .svc.image.tag | toString) -}}
{{- end -}}
{{- end -}}

{{/* The public base URL: ingress.publicBaseUrl, or derived from the host and TLS. */}}
{{- define "folio.publicBaseUrl" -}}
{{- if .Values.ingress.publicBaseUrl -}}
{{- trimSuffix "/" .Values.ingress.publicBaseUrl -}}
{{- else -}}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host -}}
{{- end -}}
{{- end -}}

{{/* Names of the enabled services, sorted. */}}
{{- define "folio.enabledServices" -}}
{{- $names := list -}}
{{- range $name, $_ := .Values.services -}}
{{- $svc := include "folio.serviceValues" (dict "root" $ "name" $name) | fromYaml -}}
{{- if $svc.enabled -}}
{{- $names = append $names $name -}}
{{- end -}}
{{- end -}}
{{- toJson (sortAlpha $names) -}}
{{- end -}}

{{/* SHUTDOWN_TIMEOUT_MS: 5 s below the grace period, so the process exits before the kubelet kills it. */}}
{{- define "folio.shutdownTimeoutMs" -}}
{{- $grace := int .svc.terminationGracePeriodSeconds -}}
{{- max 1000 (mul (sub $grace 5) 1000) -}}
{{- end -}}
