{{/*
NetworkPolicy of one service: in, only Prometheus (and the ingress controller for services with ingress paths);
out, DNS, Kafka, the schema registry, PostgreSQL and, when allowed, the ports of the external systems the service lists
in `integrations` (a service without any gets no way out of the cluster).
Destinations are matched by port, since Kafka and the database often live in other namespaces or outside.
*/}}
{{- define "folio.networkpolicy" -}}
{{- $np := .root.Values.networkPolicy -}}
{{- if $np.enabled -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "folio.serviceFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "folio.serviceLabels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "folio.serviceSelectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  ingress:
    - from:
        - namespaceSelector:
            {{- toYaml $np.monitoringSelector | nindent 12 }}
      ports:
        - port: http
          protocol: TCP
    {{- if .svc.ingress.paths }}
    - from:
        - namespaceSelector:
            {{- toYaml $np.ingressControllerSelector | nindent 12 }}
      ports:
        - port: http
          protocol: TCP
    {{- end }}
  egress:
    - ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
    - ports:
        {{- /* Kafka listeners (Strimzi: 9092 plain, 9093 TLS, 9094 external) and the schema registry. */}}
        - port: 9092
          endPort: 9094
          protocol: TCP
        - port: 8080
          protocol: TCP
        {{- if has "database" .svc.integrations }}
        - port: 5432
          protocol: TCP
        {{- end }}
    {{- $external := include "folio.externalPorts" . | fromJsonArray }}
    {{- if and $np.allowExternalEgress $external }}
    - ports:
        {{- range $port := $external }}
        - port: {{ $port }}
          protocol: TCP
        {{- end }}
    {{- end }}
    {{- with $np.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}
{{- end -}}

{{/*
TCP ports of the external systems a service lists in `integrations`, sorted and unique: 443 for Twilio, ElevenLabs and
AWS; the S3 endpoint's port (443 for AWS S3); the SMTP and IMAP ports. Argument: dict root name svc.
*/}}
{{- define "folio.externalPorts" -}}
{{- $i := .root.Values.integrations -}}
{{- $ports := list -}}
{{- range $integration := .svc.integrations -}}
{{- if has $integration (list "twilio" "elevenlabs" "aws") -}}
{{- $ports = append $ports 443 -}}
{{- else if eq $integration "s3" -}}
{{- $port := 443 -}}
{{- with $i.s3.endpoint -}}
{{- $url := urlParse . -}}
{{- $hostPort := splitList ":" $url.host -}}
{{- if gt (len $hostPort) 1 }}{{ $port = last $hostPort | int }}{{ else if eq $url.scheme "http" }}{{ $port = 80 }}{{ end -}}
{{- end -}}
{{- $ports = append $ports $port -}}
{{- else if eq $integration "smtp" -}}
{{- $ports = append $ports (int $i.smtp.port) -}}
{{- else if eq $integration "imap" -}}
{{- $ports = append $ports (int $i.imap.port) -}}
{{- end -}}
{{- end -}}
{{- $ports | uniq | sortAlpha | toJson -}}
{{- end -}}
