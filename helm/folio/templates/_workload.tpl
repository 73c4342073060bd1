{{/*
Named templates rendering one service's resources. Each takes dict "root" $ "name" <service> "svc" <merged values>.
*/}}

{{/* Non-secret configuration of one service, as ConfigMap data. */}}
{{- define "folio.configData" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $data := dict
  "SERVICE_NAME" .name
  "LOG_LEVEL" .svc.logLevel
  "HTTP_PORT" (toString .svc.httpPort)
  "KAFKA_BROKERS" $v.kafka.brokers
  "KAFKA_CLIENT_ID" (printf "%s%s" $v.kafka.clientIdPrefix .name)
  "KAFKA_SSL" (toString $v.kafka.tls.enabled)
  "SCHEMA_REGISTRY_URL" $v.schemaRegistry.url
  "SHUTDOWN_TIMEOUT_MS" (include "folio.shutdownTimeoutMs" .)
-}}
{{- if and $v.kafka.tls.enabled $v.kafka.tls.caSecret.name -}}
{{- $_ := set $data "KAFKA_SSL_CA_FILE" (printf "/etc/folio/kafka-ca/%s" $v.kafka.tls.caSecret.key) -}}
{{- end -}}
{{- with $v.kafka.sasl.mechanism -}}
{{- $_ := set $data "KAFKA_SASL_MECHANISM" . -}}
{{- with $v.kafka.sasl.username }}{{ $_ := set $data "KAFKA_SASL_USERNAME" . }}{{ end -}}
{{- end -}}
{{- if .svc.ingress.paths -}}
{{- $_ := set $data "PUBLIC_BASE_URL" (include "folio.publicBaseUrl" $root) -}}
{{- end -}}
{{- $integrations := $v.integrations -}}
{{- range $integration := .svc.integrations -}}
{{- if eq $integration "aws" -}}
{{- with $integrations.aws.region }}{{ $_ := set $data "AWS_REGION" . }}{{ end -}}
{{- else if eq $integration "s3" -}}
{{- $s3 := $integrations.s3 -}}
{{- with $s3.endpoint }}{{ $_ := set $data "S3_ENDPOINT" . }}{{ end -}}
{{- $_ := set $data "S3_BUCKET" $s3.bucket -}}
{{- /* The mailer and the inbox name the same bucket DOCUMENTS_BUCKET (folio documents). */ -}}
{{- $_ := set $data "DOCUMENTS_BUCKET" $s3.bucket -}}
{{- $_ := set $data "S3_REGION" (default "us-east-1" (default $integrations.aws.region $s3.region)) -}}
{{- $pathStyle := toString $s3.forcePathStyle -}}
{{- if eq $pathStyle "" }}{{ $pathStyle = ternary "true" "false" (ne $s3.endpoint "") }}{{ end -}}
{{- $_ := set $data "S3_FORCE_PATH_STYLE" $pathStyle -}}
{{- else if eq $integration "smtp" -}}
{{- $smtp := $integrations.smtp -}}
{{- $_ := set $data "SMTP_HOST" $smtp.host -}}
{{- $_ := set $data "SMTP_PORT" (toString $smtp.port) -}}
{{- $_ := set $data "SMTP_TLS" $smtp.tls -}}
{{- $_ := set $data "MAIL_FROM_ADDRESS" $smtp.fromAddress -}}
{{- $_ := set $data "BOUNCE_ADDRESS" $smtp.bounceAddress -}}
{{- $_ := set $data "SENT_COPY_ADDRESS" $smtp.sentCopyAddress -}}
{{- else if eq $integration "imap" -}}
{{- $_ := set $data "IMAP_HOST" $integrations.imap.host -}}
{{- $_ := set $data "IMAP_PORT" (toString $integrations.imap.port) -}}
{{- $_ := set $data "IMAP_TLS" $integrations.imap.tls -}}
{{- with $integrations.imap.inboxAddress }}{{ $_ := set $data "INBOX_ADDRESS" . }}{{ end -}}
{{- end -}}
{{- end -}}
{{- range $key, $value := .svc.env -}}
{{- $_ := set $data $key (toString $value) -}}
{{- end -}}
{{- toYaml $data -}}
{{- end -}}

{{/* Environment variables read from existing Secrets: name -> [secret, key]. */}}
{{- define "folio.secretEnv" -}}
{{- $v := .root.Values -}}
{{- $refs := dict -}}
{{- with $v.kafka.sasl -}}
{{- if and .mechanism .existingSecret -}}
{{- $_ := set $refs "KAFKA_SASL_PASSWORD" (list .existingSecret .passwordKey) -}}
{{- if not .username }}{{ $_ := set $refs "KAFKA_SASL_USERNAME" (list .existingSecret .usernameKey) }}{{ end -}}
{{- end -}}
{{- end -}}
{{- with $v.schemaRegistry.existingSecret -}}
{{- $_ := set $refs "SCHEMA_REGISTRY_USERNAME" (list . $v.schemaRegistry.usernameKey) -}}
{{- $_ := set $refs "SCHEMA_REGISTRY_PASSWORD" (list . $v.schemaRegistry.passwordKey) -}}
{{- end -}}
{{- $i := $v.integrations -}}
{{- range $integration := .svc.integrations -}}
{{- if and (eq $integration "database") $i.database.existingSecret -}}
{{- $_ := set $refs "DATABASE_URL" (list $i.database.existingSecret $i.database.urlKey) -}}
{{- else if and (eq $integration "twilio") $i.twilio.existingSecret -}}
{{- $_ := set $refs "TWILIO_ACCOUNT_SID" (list $i.twilio.existingSecret $i.twilio.accountSidKey) -}}
{{- $_ := set $refs "TWILIO_AUTH_TOKEN" (list $i.twilio.existingSecret $i.twilio.authTokenKey) -}}
{{- $_ := set $refs "TWILIO_FROM_NUMBER" (list $i.twilio.existingSecret $i.twilio.fromNumberKey) -}}
{{- else if and (eq $integration "elevenlabs") $i.elevenlabs.existingSecret -}}
{{- $_ := set $refs "ELEVENLABS_API_KEY" (list $i.elevenlabs.existingSecret $i.elevenlabs.apiKeyKey) -}}
{{- else if and (eq $integration "aws") $i.aws.existingSecret -}}
{{- $_ := set $refs "AWS_ACCESS_KEY_ID" (list $i.aws.existingSecret $i.aws.accessKeyIdKey) -}}
{{- $_ := set $refs "AWS_SECRET_ACCESS_KEY" (list $i.aws.existingSecret $i.aws.secretAccessKeyKey) -}}
{{- else if and (eq $integration "s3") $i.s3.existingSecret -}}
{{- $_ := set $refs "S3_ACCESS_KEY_ID" (list $i.s3.existingSecret $i.s3.accessKeyIdKey) -}}
{{- $_ := set $refs "S3_SECRET_ACCESS_KEY" (list $i.s3.existingSecret $i.s3.secretAccessKeyKey) -}}
{{- else if and (eq $integration "smtp") $i.smtp.existingSecret -}}
{{- $_ := set $refs "SMTP_USER" (list $i.smtp.existingSecret $i.smtp.usernameKey) -}}
{{- $_ := set $refs "SMTP_PASSWORD" (list $i.smtp.existingSecret $i.smtp.passwordKey) -}}
{{- end -}}
{{- end -}}
{{- /* Keys a service reads from an integration's Secret under names of its own (mailbox passwords). */ -}}
{{- range $name, $ref := .svc.secretEnv -}}
{{- with (index $i $ref.integration).existingSecret -}}
{{- $_ := set $refs $name (list . $ref.key) -}}
{{- end -}}
{{- end -}}
{{- toJson $refs -}}
{{- end -}}

{{- define "folio.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "folio.serviceFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "folio.serviceLabels" . | nindent 4 }}
  {{- with include "folio.annotations" (dict "root" .root) }}{{ . | nindent 2 }}{{- end }}
data:
  {{- include "folio.configData" . | nindent 2 }}
{{- end -}}

{{- define "folio.serviceaccount" -}}
{{- if .svc.serviceAccount.create -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "folio.serviceAccountName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "folio.serviceLabels" . | nindent 4 }}
  {{- with include "folio.annotations" (dict "root" .root "extra" .svc.serviceAccount.annotations) }}{{ . | nindent 2 }}{{- end }}
automountServiceAccountToken: {{ .svc.serviceAccount.automountServiceAccountToken }}
{{- end -}}
{{- end -}}

{{- define "folio.deployment" -}}
{{- $root := .root -}}
{{- $caSecret := and $root.Values.kafka.tls.enabled $root.Values.kafka.tls.caSecret.name -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "folio.serviceFullname" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "folio.serviceLabels" . | nindent 4 }}
  {{- with include "folio.annotations" (dict "root" $root) }}{{ . | nindent 2 }}{{- end }}
spec:
  {{- /* An autoscaler owns the replica count; a fixed value here would fight it on every upgrade. */}}
  {{- if not (or .svc.autoscaling.hpa.enabled .svc.autoscaling.keda.enabled) }}
  replicas: {{ .svc.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "folio.serviceSelectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "folio.serviceSelectorLabels" . | nindent 8 }}
        app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
        {{- with .svc.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include "folio.configmap" . | sha256sum }}
        {{- with .svc.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "folio.serviceAccountName" . }}
      automountServiceAccountToken: {{ .svc.serviceAccount.automountServiceAccountToken }}
      {{- with $root.Values.global.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      {{- with .svc.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      terminationGracePeriodSeconds: {{ .svc.terminationGracePeriodSeconds }}
      securityContext:
        {{- toYaml .svc.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ .name }}
          image: {{ include "folio.image" . | quote }}
          imagePullPolicy: {{ .svc.image.pullPolicy }}
          {{- with .svc.command }}
          command:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with .svc.args }}
          args:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          ports:
            - name: http
              containerPort: {{ .svc.httpPort }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "folio.serviceFullname" . }}
            {{- with .svc.extraEnvFrom }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- $secretEnv := include "folio.secretEnv" . | fromJson }}
          {{- if or $secretEnv .svc.extraEnv }}
          env:
            {{- range $name := keys $secretEnv | sortAlpha }}
            {{- $ref := index $secretEnv $name }}
            - name: {{ $name }}
              valueFrom:
                secretKeyRef:
                  name: {{ index $ref 0 }}
                  key: {{ index $ref 1 }}
            {{- end }}
            {{- with .svc.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- end }}
          {{- with .svc.probes.startup }}
          startupProbe:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with .svc.probes.liveness }}
          livenessProbe:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with .svc.probes.readiness }}
          readinessProbe:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with .svc.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          securityContext:
            {{- toYaml .svc.containerSecurityContext | nindent 12 }}
          volumeMounts:
            {{- /* The root filesystem is read-only; Node and libraries may still want a scratch directory. */}}
            - name: tmp
              mountPath: /tmp
            {{- if $caSecret }}
            - name: kafka-ca
              mountPath: /etc/folio/kafka-ca
              readOnly: true
            {{- end }}
            {{- with .svc.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        {{- if $caSecret }}
        - name: kafka-ca
          secret:
            secretName: {{ $root.Values.kafka.tls.caSecret.name }}
            items:
              - key: {{ $root.Values.kafka.tls.caSecret.key }}
                path: {{ $root.Values.kafka.tls.caSecret.key }}
        {{- end }}
        {{- with .svc.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with .svc.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .svc.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if .svc.affinity }}
      affinity:
        {{- toYaml .svc.affinity | nindent 8 }}
      {{- else }}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels:
                    {{- include "folio.serviceSelectorLabels" . | nindent 20 }}
      {{- end }}
      {{- with .svc.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}

{{- define "folio.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "folio.serviceFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "folio.serviceLabels" . | nindent 4 }}
  {{- with include "folio.annotations" (dict "root" .root "extra" .svc.service.annotations) }}{{ . | nindent 2 }}{{- end }}
spec:
  type: {{ .svc.service.type }}
  selector:
    {{- include "folio.serviceSelectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .svc.service.port }}
      targetPort: http
      protocol: TCP
{{- end -}}

{{- define "folio.pdb" -}}
{{- if .svc.pdb.enabled -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "folio.serviceFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "folio.serviceLabels" . | nindent 4 }}
  {{- with include "folio.annotations" (dict "root" .root) }}{{ . | nindent 2 }}{{- end }}
spec:
  {{- $min := toString .svc.pdb.minAvailable }}
  {{- if ne $min "" }}
  minAvailable: {{ include "folio.intOrPercent" .svc.pdb.minAvailable }}
  {{- else }}
  maxUnavailable: {{ include "folio.intOrPercent" .svc.pdb.maxUnavailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "folio.serviceSelectorLabels" . | nindent 6 }}
{{- end -}}
{{- end -}}

{{/* An int-or-string value: numbers unquoted, percentages quoted. */}}
{{- define "folio.intOrPercent" -}}
{{- if kindIs "string" . -}}
{{- if regexMatch "^[0-9]+$" . }}{{ . }}{{ else }}{{ . | quote }}{{ end -}}
{{- else -}}
{{- int . -}}
{{- end -}}
{{- end -}}

{{- define "folio.hpa" -}}
{{- $hpa := .svc.autoscaling.hpa -}}
{{- if $hpa.enabled -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "folio.serviceFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "folio.serviceLabels" . | nindent 4 }}
  {{- with include "folio.annotations" (dict "root" .root) }}{{ . | nindent 2 }}{{- end }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "folio.serviceFullname" . }}
  minReplicas: {{ $hpa.minReplicas }}
  maxReplicas: {{ $hpa.maxReplicas }}
  metrics:
    {{- with $hpa.targetCPUUtilizationPercentage }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
    {{- with $hpa.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
  {{- with $hpa.behavior }}
  behavior:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
{{- end -}}

{{/* KEDA ScaledObject on consumer lag, with a TriggerAuthentication when Kafka needs SASL or a CA. */}}
{{- define "folio.scaledobject" -}}
{{- $keda := .svc.autoscaling.keda -}}
{{- if $keda.enabled -}}
{{- $kafka := .root.Values.kafka -}}
{{- $needsAuth := or $kafka.sasl.mechanism (and $kafka.tls.enabled $kafka.tls.caSecret.name) -}}
{{- $group := default (printf "folio.%s" .name) $keda.consumerGroup -}}
{{- $topics := $keda.topics | default (list "") -}}
{{- if $needsAuth }}
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: {{ include "folio.serviceFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "folio.serviceLabels" . | nindent 4 }}
spec:
  {{- if $kafka.sasl.mechanism }}
  env:
    {{- /* The user name may be plain configuration; KEDA reads it from the scaled container's environment. */}}
    - parameter: username
      name: KAFKA_SASL_USERNAME
      containerName: {{ .name }}
  {{- end }}
  secretTargetRef:
    {{- if $kafka.sasl.mechanism }}
    - parameter: password
      name: {{ $kafka.sasl.existingSecret }}
      key: {{ $kafka.sasl.passwordKey }}
    {{- end }}
    {{- if and $kafka.tls.enabled $kafka.tls.caSecret.name }}
    - parameter: ca
      name: {{ $kafka.tls.caSecret.name }}
      key: {{ $kafka.tls.caSecret.key }}
    {{- end }}
---
{{- end }}
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ include "folio.serviceFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "folio.serviceLabels" . | nindent 4 }}
  {{- with include "folio.annotations" (dict "root" .root) }}{{ . | nindent 2 }}{{- end }}
spec:
  scaleTargetRef:
    name: {{ include "folio.serviceFullname" . }}
  minReplicaCount: {{ $keda.minReplicas }}
  maxReplicaCount: {{ $keda.maxReplicas }}
  pollingInterval: {{ $keda.pollingInterval }}
  cooldownPeriod: {{ $keda.cooldownPeriod }}
  triggers:
    {{- range $topic := $topics }}
    - type: kafka
      metadata:
        bootstrapServers: {{ $kafka.brokers | quote }}
        consumerGroup: {{ $group | quote }}
        {{- with $topic }}
        topic: {{ . | quote }}
        {{- end }}
        lagThreshold: {{ $keda.lagThreshold | quote }}
        activationLagThreshold: {{ $keda.activationLagThreshold | quote }}
        offsetResetPolicy: earliest
        {{- if $kafka.sasl.mechanism }}
        sasl: {{ get (dict "plain" "plaintext" "scram-sha-256" "scram_sha256" "scram-sha-512" "scram_sha512") $kafka.sasl.mechanism | quote }}
        {{- end }}
        {{- if $kafka.tls.enabled }}
        tls: enable
        {{- end }}
      {{- if $needsAuth }}
      authenticationRef:
        name: {{ include "folio.serviceFullname" $ }}
      {{- end }}
    {{- end }}
{{- end -}}
{{- end -}}

{{- define "folio.servicemonitor" -}}
{{- $sm := .root.Values.metrics.serviceMonitor -}}
{{- if $sm.enabled -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "folio.serviceFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "folio.serviceLabels" . | nindent 4 }}
    {{- with $sm.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "folio.serviceSelectorLabels" . | nindent 6 }}
  namespaceSelector:
    matchNames:
      - {{ .root.Release.Namespace }}
  endpoints:
    - port: http
      path: /metrics
      interval: {{ $sm.interval }}
      scrapeTimeout: {{ $sm.scrapeTimeout }}
      {{- /* Every Folio metric already carries service=<name>; keep it over the target's own labels. */}}
      honorLabels: true
{{- end -}}
{{- end -}}
