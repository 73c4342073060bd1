{{/*
NetworkPolicy of one service: in, only Prometheus (and the ingress controller for services with ingress paths);
out, DNS, Kafka, the schema registry, PostgreSQL and, when allowed, the external providers' TLS and mail ports.
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
    {{- if $np.allowExternalEgress }}
    - ports:
        - port: 443
          protocol: TCP
        - port: 465
          protocol: TCP
        - port: 587
          protocol: TCP
        - port: 993
          protocol: TCP
    {{- end }}
    {{- with $np.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}
{{- end -}}
