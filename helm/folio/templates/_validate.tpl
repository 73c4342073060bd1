{{/*
validateValues: every problem the schema cannot see, listed together in one failure (Bitnami's pattern).
Each check returns a message or nothing.
*/}}
{{- define "folio.validateValues" -}}
{{- $messages := list -}}
{{- range $name := (include "folio.enabledServices" . | fromJsonArray) -}}
{{- $svc := include "folio.serviceValues" (dict "root" $ "name" $name) | fromYaml -}}
{{- $ctx := dict "root" $ "name" $name "svc" $svc -}}
{{- $messages = append $messages (include "folio.validateValues.autoscaling" $ctx | trim) -}}
{{- $messages = append $messages (include "folio.validateValues.pdb" $ctx | trim) -}}
{{- $messages = append $messages (include "folio.validateValues.integrations" $ctx | trim) -}}
{{- $messages = append $messages (include "folio.validateValues.shutdown" $ctx | trim) -}}
{{- end -}}
{{- $messages = append $messages (include "folio.validateValues.kafka" . | trim) -}}
{{- $messages = append $messages (include "folio.validateValues.ingress" . | trim) -}}
{{- $messages = append $messages (include "folio.validateValues.migrations" . | trim) -}}
{{- $messages = without $messages "" -}}
{{- if $messages -}}
{{- printf "\nVALUES VALIDATION:\n%s" (join "\n" $messages) | fail -}}
{{- end -}}
{{- end -}}

{{- define "folio.validateValues.autoscaling" -}}
{{- $hpa := .svc.autoscaling.hpa -}}
{{- $keda := .svc.autoscaling.keda -}}
{{- if and $hpa.enabled $keda.enabled }}
services.{{ .name }}: autoscaling.hpa.enabled and autoscaling.keda.enabled are both true; KEDA creates its own HPA, so enable only one.
{{- end }}
{{- if and $hpa.enabled (gt (int $hpa.minReplicas) (int $hpa.maxReplicas)) }}
services.{{ .name }}: autoscaling.hpa.minReplicas ({{ $hpa.minReplicas }}) is greater than maxReplicas ({{ $hpa.maxReplicas }}).
{{- end }}
{{- if and $hpa.enabled (not $hpa.targetCPUUtilizationPercentage) (not $hpa.targetMemoryUtilizationPercentage) }}
services.{{ .name }}: autoscaling.hpa is enabled without targetCPUUtilizationPercentage or targetMemoryUtilizationPercentage.
{{- end }}
{{- if and $keda.enabled (gt (int $keda.minReplicas) (int $keda.maxReplicas)) }}
services.{{ .name }}: autoscaling.keda.minReplicas ({{ $keda.minReplicas }}) is greater than maxReplicas ({{ $keda.maxReplicas }}).
{{- end }}
{{- end -}}

{{- define "folio.validateValues.pdb" -}}
{{- $pdb := .svc.pdb -}}
{{- if $pdb.enabled }}
{{- $min := toString $pdb.minAvailable -}}
{{- $max := toString $pdb.maxUnavailable -}}
{{- if and (ne $min "") (ne $max "") }}
services.{{ .name }}: pdb.minAvailable ({{ $min }}) and pdb.maxUnavailable ({{ $max }}) are both set; a PodDisruptionBudget takes only one (set the other to "").
{{- else if and (eq $min "") (eq $max "") }}
services.{{ .name }}: pdb is enabled but neither pdb.minAvailable nor pdb.maxUnavailable is set.
{{- end }}
{{- $replicas := int .svc.replicaCount -}}
{{- if .svc.autoscaling.hpa.enabled }}{{ $replicas = int .svc.autoscaling.hpa.minReplicas }}{{ end -}}
{{- if .svc.autoscaling.keda.enabled }}{{ $replicas = int .svc.autoscaling.keda.minReplicas }}{{ end -}}
{{- $blocked := or (eq $max "0") (eq $max "0%") (eq $min "100%") -}}
{{- if and (ne $min "") (not (hasSuffix "%" $min)) (ge (int $min) $replicas) }}{{ $blocked = true }}{{ end -}}
{{- if $blocked }}
services.{{ .name }}: pdb allows no voluntary disruption with {{ $replicas }} replica(s) (minAvailable {{ $min | default "-" }}, maxUnavailable {{ $max | default "-" }}); node drains would hang. Raise the replicas or lower the budget.
{{- end }}
{{- end }}
{{- end -}}

{{- define "folio.validateValues.integrations" -}}
{{- $root := .root -}}
{{- $name := .name -}}
{{- range $integration := .svc.integrations }}
{{- $config := index $root.Values.integrations $integration -}}
{{- /* ElevenLabs is optional: without it the caller speaks with <Say> and does not transcribe. */}}
{{- if and (has $integration (list "database" "twilio" "smtp" "imap")) (not $config.existingSecret) }}
{{- if eq $integration "twilio" }}
services.{{ $name }}: uses twilio, but integrations.twilio.existingSecret is empty; create a Secret with the keys {{ $config.accountSidKey }}, {{ $config.authTokenKey }} and {{ $config.fromNumberKey }} (kubectl -n {{ $root.Release.Namespace }} create secret generic folio-twilio --from-literal={{ $config.accountSidKey }}=AC... --from-literal={{ $config.authTokenKey }}=... --from-literal={{ $config.fromNumberKey }}=+1...) and name it there.
{{- else }}
services.{{ $name }}: uses {{ $integration }}, but integrations.{{ $integration }}.existingSecret is empty; create the Secret and name it there.
{{- end }}
{{- end }}
{{- if and (has $integration (list "smtp" "imap")) (not $config.host) }}
services.{{ $name }}: uses {{ $integration }}, but integrations.{{ $integration }}.host is empty.
{{- end }}
{{- if eq $integration "smtp" }}
{{- range $field := list "fromAddress" "bounceAddress" "sentCopyAddress" }}
{{- if not (index $config $field) }}
services.{{ $name }}: uses smtp, but integrations.smtp.{{ $field }} is empty.
{{- end }}
{{- end }}
{{- end }}
{{- if and (eq $integration "s3") (not $config.bucket) }}
services.{{ $name }}: uses s3, but integrations.s3.bucket is empty.
{{- end }}
{{- if and (eq $integration "aws") (not $config.region) }}
services.{{ $name }}: uses aws, but integrations.aws.region is empty.
{{- end }}
{{- end }}
{{- if and (eq $name "inbox") (has "imap" .svc.integrations) (not $root.Values.integrations.imap.inboxAddress) }}
services.inbox: reads the Folio inbox, but integrations.imap.inboxAddress is empty.
{{- end }}
{{- range $env, $ref := .svc.secretEnv }}
{{- if not (has $ref.integration $.svc.integrations) }}
services.{{ $name }}: secretEnv.{{ $env }} reads integration {{ $ref.integration }}, which the service does not list in integrations.
{{- end }}
{{- end }}
{{- if and (has "twilio" .svc.integrations) (not .svc.ingress.paths) }}
services.{{ $name }}: uses twilio, but declares no ingress.paths; Twilio's webhooks (/twilio) and prompt audio (/media) must be routed to it.
{{- end }}
{{- if and .svc.ingress.paths (has "twilio" .svc.integrations) (not $root.Values.ingress.enabled) (not $root.Values.ingress.publicBaseUrl) }}
services.{{ $name }}: receives Twilio webhooks (ingress.paths and the twilio integration) but ingress.enabled is false and ingress.publicBaseUrl is empty; Twilio cannot reach it and PUBLIC_BASE_URL would be wrong. Enable the Ingress, or set ingress.publicBaseUrl to the URL your own gateway exposes.
{{- end }}
{{- end -}}

{{- define "folio.validateValues.shutdown" -}}
{{- $override := index .svc.env "SHUTDOWN_TIMEOUT_MS" -}}
{{- if $override }}
{{- if ge (int $override) (mul (int .svc.terminationGracePeriodSeconds) 1000) }}
services.{{ .name }}: env.SHUTDOWN_TIMEOUT_MS ({{ $override }}) must be below terminationGracePeriodSeconds × 1000 ({{ mul (int .svc.terminationGracePeriodSeconds) 1000 }}), or the kubelet kills the process mid-shutdown.
{{- end }}
{{- end }}
{{- end -}}

{{- define "folio.validateValues.kafka" -}}
{{- if and .Values.kafka.sasl.mechanism (not .Values.kafka.sasl.existingSecret) }}
kafka.sasl.mechanism is {{ .Values.kafka.sasl.mechanism }}, but kafka.sasl.existingSecret (holding the password) is empty.
{{- end }}
{{- if and .Values.kafka.tls.caSecret.name (not .Values.kafka.tls.enabled) }}
kafka.tls.caSecret.name is set, but kafka.tls.enabled is false.
{{- end }}
{{- end -}}

{{- define "folio.validateValues.ingress" -}}
{{- if .Values.ingress.enabled }}
{{- $paths := 0 -}}
{{- range $name := (include "folio.enabledServices" . | fromJsonArray) -}}
{{- $svc := include "folio.serviceValues" (dict "root" $ "name" $name) | fromYaml -}}
{{- $paths = add $paths (len $svc.ingress.paths) -}}
{{- end -}}
{{- if eq (int $paths) 0 }}
ingress.enabled is true, but no enabled service declares ingress.paths (api: /v1 and /openapi.json, caller: /twilio and /media).
{{- end }}
{{- if not .Values.ingress.host }}
ingress.enabled is true, but ingress.host is empty; set the public host name Twilio and API clients reach (PUBLIC_BASE_URL is https://<host>).
{{- end }}
{{- end }}
{{- end -}}

{{- define "folio.validateValues.migrations" -}}
{{- if .Values.migrations.enabled }}
{{- if not .Values.integrations.database.existingSecret }}
migrations.enabled is true, but integrations.database.existingSecret is empty.
{{- end }}
{{- if not (hasKey .Values.services .Values.migrations.imageFromService) }}
migrations.imageFromService is {{ .Values.migrations.imageFromService | quote }}, which is not a key of services ({{ keys .Values.services | sortAlpha | join ", " }}).
{{- end }}
{{- end }}
{{- end -}}
