// helm/folio with the real helm v4: lint, render every scenario, validate the objects against the Kubernetes
// (and KEDA / prometheus-operator) schemas offline, reject bad values, and keep skaffold.yaml, the chart's services
// map and services/* in step.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, beforeAll } from '@jest/globals';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const chart = join(root, 'helm', 'folio');
const tools = join(root, 'scripts', 'tools', 'chart-tools.mjs');
const scenarios = readdirSync(join(chart, 'ci')).filter((f) => f.endsWith('-values.yaml')).sort();
const badSets = readdirSync(join(chart, 'ci', 'bad')).filter((f) => f.endsWith('.yaml')).sort();

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
};

let helmBin = '';

function run(cmd: string, args: string[], input?: string): { status: number; stdout: string; stderr: string } {
  const home = join(root, '.infra', 'helm');
  const result = spawnSync(cmd, args, {
    cwd: root,
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // helm keeps caches and repositories under these; nothing here may touch the user's or a cluster.
    env: { ...process.env, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data'), KUBECONFIG: join(home, 'no-kubeconfig') },
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function helm(...args: string[]): { status: number; stdout: string; stderr: string } {
  return run(helmBin, args);
}

/** Renders with ci/default-values.yaml (the public host and bucket every install names) under the given files. */
function render(valuesFiles: string[] = [], extra: string[] = []): string {
  const files = [join(chart, 'ci', 'default-values.yaml'), ...valuesFiles];
  const args = ['template', 'folio', chart, '--namespace', 'folio', ...files.flatMap((f) => ['-f', f]), ...extra];
  const out = helm(...args);
  if (out.status !== 0) throw new Error(`helm ${args.join(' ')} failed:\n${out.stderr}`);
  return out.stdout;
}

function validate(manifests: string): { documents: K8sObject[]; errors: string[]; skipped: string[] } {
  const out = run(process.execPath, [tools, 'validate', '-'], manifests);
  if (!out.stdout) throw new Error(`chart-tools validate failed:\n${out.stderr}`);
  return JSON.parse(out.stdout) as { documents: K8sObject[]; errors: string[]; skipped: string[] };
}

function parse(yamlText: string): unknown[] {
  const out = run(process.execPath, [tools, 'parse', '-'], yamlText);
  if (out.status !== 0) throw new Error(`chart-tools parse failed:\n${out.stderr}`);
  return JSON.parse(out.stdout) as unknown[];
}

function objects(valuesFiles: string[] = [], extra: string[] = []): K8sObject[] {
  return parse(render(valuesFiles, extra)) as K8sObject[];
}

const scenario = (name: string): string => join(chart, 'ci', name);
const ofKind = (docs: K8sObject[], kind: string): K8sObject[] => docs.filter((d) => d.kind === kind);
const named = (docs: K8sObject[], kind: string, name: string): K8sObject => {
  const found = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in [${docs.map((d) => `${d.kind}/${d.metadata.name}`).join(', ')}]`);
  return found;
};

/**
 * Services under services/ that deploy: every workspace unless its package.json says `"folio": { "deploy": false }`
 * (the dev-only hotel simulator, and services whose adapters do not exist yet).
 */
function deployableServices(): string[] {
  const dir = join(root, 'services');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'package.json')))
    .filter((name) => (JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8')) as { folio?: { deploy?: boolean } }).folio?.deploy !== false)
    .sort();
}

beforeAll(() => {
  mkdirSync(join(root, '.infra', 'helm'), { recursive: true });
  const bin = run(process.execPath, [join(root, 'scripts', 'tools', 'helm-bin.mjs'), 'helm']);
  if (bin.status !== 0) throw new Error(`could not extract helm:\n${bin.stderr}`);
  helmBin = bin.stdout.trim();
  const install = run(process.execPath, [tools, 'install']);
  if (install.status !== 0) throw new Error(`could not install the chart tools:\n${install.stderr}`);
}, 300_000);

describe('helm/folio', () => {
  it('is linted by helm v4', () => {
    const version = helm('version', '--short');
    expect(version.stdout).toMatch(/^v4\./);
  });

  it.each(scenarios)('passes helm lint --strict with ci/%s', (file) => {
    const out = helm('lint', '--strict', chart, '-f', scenario(file));
    expect({ status: out.status, output: out.stdout + out.stderr }).toEqual({ status: 0, output: expect.stringContaining('0 chart(s) failed') });
  });

  it.each(scenarios)('renders ci/%s into objects that satisfy the Kubernetes, KEDA and prometheus-operator schemas', (file) => {
    const report = validate(render([scenario(file)]));
    expect(report.errors).toEqual([]);
    // Every kind the chart renders has a schema; nothing is waved through unchecked.
    expect(report.skipped).toEqual([]);
    expect(report.documents.length).toBeGreaterThan(0);
  });

  it('renders, for each enabled service, a ServiceAccount, ConfigMap, Deployment and Service with the standard labels', () => {
    const docs = objects();
    const names = ofKind(docs, 'Deployment').map((d) => d.metadata.name).sort();
    expect(names).toContain('folio-scheduler');
    for (const kind of ['ServiceAccount', 'ConfigMap', 'Deployment', 'Service']) {
      expect(ofKind(docs, kind).map((d) => d.metadata.name).sort()).toEqual(names);
    }
    for (const doc of docs) {
      // Besides the services, the migrations hook Job is its own component; the one Ingress serves several.
      if (doc.kind !== 'Ingress') expect([...names, 'folio-migrations']).toContain(`folio-${doc.metadata.labels?.['app.kubernetes.io/component']}`);
      expect(doc.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'folio',
        'app.kubernetes.io/instance': 'folio',
        'app.kubernetes.io/managed-by': 'Helm',
        'helm.sh/chart': expect.stringMatching(/^folio-\d+\.\d+\.\d+/),
      });
    }
  });

  it('hardens every pod: non-root uid 10001, read-only root, no capabilities, RuntimeDefault seccomp, no API token', () => {
    const docs = objects([scenario('production-values.yaml')]);
    const pods = [...ofKind(docs, 'Deployment'), ...ofKind(docs, 'Job')].map((d) => d.spec.template.spec);
    expect(pods.length).toBeGreaterThan(1);
    for (const pod of pods) {
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const container of pod.containers) {
        expect(container.securityContext).toMatchObject({
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
      }
    }
  });

  it('passes the runtime contract through the ConfigMap and probes, with SHUTDOWN_TIMEOUT_MS below the grace period', () => {
    const docs = objects([], ['--set', 'services.scheduler.terminationGracePeriodSeconds=45']);
    expect(named(docs, 'ConfigMap', 'folio-scheduler').data).toMatchObject({
      SERVICE_NAME: 'scheduler',
      LOG_LEVEL: 'info',
      HTTP_PORT: '8080',
      KAFKA_BROKERS: 'folio-kafka-bootstrap:9092',
      KAFKA_CLIENT_ID: 'folio-scheduler',
      KAFKA_SSL: 'false',
      SCHEMA_REGISTRY_URL: 'http://apicurio-registry:8080/apis/ccompat/v7',
      SHUTDOWN_TIMEOUT_MS: '40000',
    });
    const pod = named(docs, 'Deployment', 'folio-scheduler').spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBe(45);
    const [container] = pod.containers;
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(container.image).toBe('folio-scheduler:0.1.0');
  });

  it('rolls the pods when their configuration changes (checksum/config annotation)', () => {
    const checksum = (extra: string[]): string =>
      named(objects([], extra), 'Deployment', 'folio-scheduler').spec.template.metadata.annotations['checksum/config'];
    expect(checksum([])).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum([])).toBe(checksum([]));
    expect(checksum(['--set', 'defaults.logLevel=debug'])).not.toBe(checksum([]));
  });

  it('merges each service over defaults, so a service can switch off what defaults switch on', () => {
    const docs = objects([], ['--set', 'defaults.pdb.enabled=true', '--set', 'defaults.replicaCount=2', '--set', 'services.scheduler.pdb.enabled=false']);
    expect(ofKind(docs, 'PodDisruptionBudget').map((d) => d.metadata.name)).not.toContain('folio-scheduler');
    expect(named(docs, 'Deployment', 'folio-scheduler').spec.replicas).toBe(2);
    expect(ofKind(objects([], ['--set', 'services.scheduler.enabled=false']), 'Deployment').map((d) => d.metadata.name)).not.toContain('folio-scheduler');
  });

  it('reads secrets only from existing Secrets, per integration the service lists', () => {
    const docs = objects([scenario('production-values.yaml')]);
    const env = (name: string): Record<string, unknown> =>
      Object.fromEntries((named(docs, 'Deployment', name).spec.template.spec.containers[0].env ?? []).map((e: any) => [e.name, e.valueFrom?.secretKeyRef]));
    expect(env('folio-caller')).toMatchObject({
      DATABASE_URL: { name: 'folio-database', key: 'url' },
      TWILIO_ACCOUNT_SID: { name: 'folio-twilio', key: 'account-sid' },
      TWILIO_AUTH_TOKEN: { name: 'folio-twilio', key: 'auth-token' },
      TWILIO_FROM_NUMBER: { name: 'folio-twilio', key: 'from-number' },
      ELEVENLABS_API_KEY: { name: 'folio-elevenlabs', key: 'api-key' },
      AWS_ACCESS_KEY_ID: { name: 'folio-aws', key: 'access-key-id' },
      KAFKA_SASL_USERNAME: { name: 'folio-kafka-user', key: 'username' },
      KAFKA_SASL_PASSWORD: { name: 'folio-kafka-user', key: 'password' },
      SCHEMA_REGISTRY_PASSWORD: { name: 'folio-registry', key: 'password' },
    });
    expect(Object.keys(env('folio-scheduler')).filter((k) => /TWILIO|DATABASE|ELEVENLABS|AWS/.test(k))).toEqual([]);
    expect(ofKind(docs, 'Secret')).toEqual([]);
  });

  it('leaves replicas to the HorizontalPodAutoscaler when it is on', () => {
    const docs = objects([scenario('hpa-values.yaml')]);
    expect(named(docs, 'Deployment', 'folio-scheduler').spec).not.toHaveProperty('replicas');
    const hpa = named(docs, 'HorizontalPodAutoscaler', 'folio-scheduler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 4, scaleTargetRef: { kind: 'Deployment', name: 'folio-scheduler' } });
    expect(hpa.spec.metrics.map((m: any) => m.resource.name)).toEqual(['cpu', 'memory']);
  });

  it('scales on consumer lag with KEDA, authenticated like the services when Kafka needs SASL and TLS', () => {
    const docs = objects([scenario('keda-values.yaml')]);
    expect(named(docs, 'Deployment', 'folio-scheduler').spec).not.toHaveProperty('replicas');
    expect(ofKind(docs, 'HorizontalPodAutoscaler').map((d) => d.metadata.name)).not.toContain('folio-scheduler');
    const scaled = named(docs, 'ScaledObject', 'folio-scheduler');
    expect(scaled.spec.triggers).toEqual([
      {
        type: 'kafka',
        metadata: expect.objectContaining({ consumerGroup: 'folio.scheduler', topic: 'folio.timers.v1', lagThreshold: '50', sasl: 'scram_sha512', tls: 'enable' }),
        authenticationRef: { name: 'folio-scheduler' },
      },
    ]);
    const auth = named(docs, 'TriggerAuthentication', 'folio-scheduler');
    expect(auth.spec.secretTargetRef).toEqual([
      { parameter: 'password', name: 'folio', key: 'password' },
      { parameter: 'ca', name: 'folio-cluster-ca-cert', key: 'ca.crt' },
    ]);
    const pod = named(docs, 'Deployment', 'folio-scheduler').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'kafka-ca', secret: { secretName: 'folio-cluster-ca-cert', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
    expect(named(docs, 'ConfigMap', 'folio-scheduler').data).toMatchObject({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/etc/folio/kafka-ca/ca.crt', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'folio' });
  });

  it('routes /v1 and /openapi.json to the api and /twilio and /media to the caller over TLS, and gives them PUBLIC_BASE_URL', () => {
    const docs = objects([scenario('ingress-tls-values.yaml')]);
    const ingress = named(docs, 'Ingress', 'folio');
    expect(ingress.spec.tls).toEqual([{ hosts: ['folio.example.com'], secretName: 'folio-tls' }]);
    const paths = ingress.spec.rules[0].http.paths.map((p: any) => [p.path, p.pathType, p.backend.service.name]);
    expect(paths).toEqual([
      ['/v1', 'Prefix', 'folio-api'],
      ['/openapi.json', 'Exact', 'folio-api'],
      ['/twilio', 'Prefix', 'folio-caller'],
      ['/media', 'Prefix', 'folio-caller'],
    ]);
    expect(named(docs, 'ConfigMap', 'folio-caller').data?.PUBLIC_BASE_URL).toBe('https://folio.example.com');
    expect(named(docs, 'ConfigMap', 'folio-scheduler').data).not.toHaveProperty('PUBLIC_BASE_URL');
    const override = objects([scenario('ingress-tls-values.yaml')], ['--set', 'ingress.publicBaseUrl=https://calls.example.org/']);
    expect(named(override, 'ConfigMap', 'folio-caller').data?.PUBLIC_BASE_URL).toBe('https://calls.example.org');
  });

  it('deploys the caller by default: at least two replicas under a CPU HPA, a budget, its webhooks routed, its settings and Secrets', () => {
    const docs = objects();
    const deployment = named(docs, 'Deployment', 'folio-caller');
    expect(deployment.spec).not.toHaveProperty('replicas');
    expect(named(docs, 'HorizontalPodAutoscaler', 'folio-caller').spec).toMatchObject({
      minReplicas: 2,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(named(docs, 'PodDisruptionBudget', 'folio-caller').spec).toEqual(expect.objectContaining({ maxUnavailable: 1 }));
    expect(named(docs, 'Service', 'folio-caller').spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    const paths = named(docs, 'Ingress', 'folio').spec.rules[0].http.paths.map((p: any) => [p.path, p.backend.service.name]);
    expect(paths).toEqual([['/twilio', 'folio-caller'], ['/media', 'folio-caller']]);
    expect(named(docs, 'ConfigMap', 'folio-caller').data).toMatchObject({
      PUBLIC_BASE_URL: 'https://folio.example.com',
      S3_BUCKET: 'folio-media',
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'false',
    });
    const [container] = deployment.spec.template.spec.containers;
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.env.map((e: any) => `${e.name}=${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`)).toEqual([
      'DATABASE_URL=folio-database/url',
      'TWILIO_ACCOUNT_SID=folio-twilio/account-sid',
      'TWILIO_AUTH_TOKEN=folio-twilio/auth-token',
      'TWILIO_FROM_NUMBER=folio-twilio/from-number',
    ]);
    // ElevenLabs is optional: no Secret named, no key referenced (the caller then speaks with <Say>).
    const withKey = objects([], ['--set', 'integrations.elevenlabs.existingSecret=folio-elevenlabs']);
    expect(named(withKey, 'Deployment', 'folio-caller').spec.template.spec.containers[0].env).toContainEqual({
      name: 'ELEVENLABS_API_KEY',
      valueFrom: { secretKeyRef: { name: 'folio-elevenlabs', key: 'api-key' } },
    });
  });

  it('deploys the mailer with its SMTP login, mailbox passwords, mail settings and documents bucket', () => {
    const docs = objects();
    expect(named(docs, 'ConfigMap', 'folio-mailer').data).toMatchObject({
      SMTP_HOST: 'smtp.example.com',
      SMTP_PORT: '587',
      SMTP_TLS: 'starttls',
      MAIL_FROM_ADDRESS: 'folios@example.com',
      BOUNCE_ADDRESS: 'bounces@example.com',
      SENT_COPY_ADDRESS: 'sent@example.com',
      IMAP_HOST: 'imap.example.com',
      IMAP_PORT: '993',
      IMAP_TLS: 'on',
      DOCUMENTS_BUCKET: 'folio-media',
    });
    const env = named(docs, 'Deployment', 'folio-mailer').spec.template.spec.containers[0].env;
    expect(env.map((e: any) => `${e.name}=${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`)).toEqual([
      'BOUNCE_IMAP_PASSWORD=folio-imap/bounce-password',
      'DATABASE_URL=folio-database/url',
      'SENT_COPY_IMAP_PASSWORD=folio-imap/sent-copy-password',
      'SMTP_PASSWORD=folio-smtp/password',
      'SMTP_USER=folio-smtp/username',
    ]);
    // No public paths, and out of the cluster only to the mail servers and the object store.
    expect(named(docs, 'Ingress', 'folio').spec.rules[0].http.paths.map((p: any) => p.backend.service.name)).not.toContain('folio-mailer');
    const policy = named(objects([scenario('networkpolicy-values.yaml')]), 'NetworkPolicy', 'folio-mailer');
    expect(policy.spec.ingress).toHaveLength(1);
    expect(policy.spec.egress.slice(0, -1).at(-1).ports.map((p: any) => p.port)).toEqual([443, 587, 993]);
  });

  it('deploys the inbox with the inbox address, its IMAP password and the documents bucket, and no way in', () => {
    const docs = objects();
    expect(named(docs, 'ConfigMap', 'folio-inbox').data).toMatchObject({
      INBOX_ADDRESS: 'folios@example.com',
      IMAP_HOST: 'imap.example.com',
      IMAP_PORT: '993',
      IMAP_TLS: 'on',
      DOCUMENTS_BUCKET: 'folio-media',
    });
    const env = named(docs, 'Deployment', 'folio-inbox').spec.template.spec.containers[0].env;
    expect(env.map((e: any) => `${e.name}=${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`)).toEqual([
      'DATABASE_URL=folio-database/url',
      'IMAP_PASSWORD=folio-imap/inbox-password',
    ]);
    const policy = named(objects([scenario('networkpolicy-values.yaml')]), 'NetworkPolicy', 'folio-inbox');
    expect(policy.spec.ingress).toHaveLength(1);
    expect(policy.spec.egress.slice(0, -1).at(-1).ports.map((p: any) => p.port)).toEqual([443, 993]);
  });

  it('deploys the extractor with the built-in reader by default, and with Textract when it lists aws', () => {
    const docs = objects();
    const data = named(docs, 'ConfigMap', 'folio-extractor').data;
    expect(data).toMatchObject({ DOCUMENTS_BUCKET: 'folio-media', S3_BUCKET: 'folio-media' });
    expect(data).not.toHaveProperty('AWS_REGION');
    const pod = named(docs, 'Deployment', 'folio-extractor').spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBe(60);
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '500m', memory: '640Mi' }, limits: { memory: '1Gi' } });
    expect(pod.containers[0].env).toBeUndefined();
    const textract = objects([], ['--set-json', 'services.extractor.integrations=["aws","s3"]', '--set', 'integrations.aws.region=eu-west-1', '--set', 'integrations.aws.existingSecret=folio-aws']);
    expect(named(textract, 'ConfigMap', 'folio-extractor').data).toMatchObject({ AWS_REGION: 'eu-west-1', S3_REGION: 'eu-west-1' });
    expect(named(textract, 'Deployment', 'folio-extractor').spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
  });

  it('gives the object store its region, path style and optional keys', () => {
    const minio = objects([], ['--set', 'integrations.s3.endpoint=http://minio.storage:9000', '--set', 'integrations.s3.existingSecret=folio-s3']);
    expect(named(minio, 'ConfigMap', 'folio-caller').data).toMatchObject({ S3_ENDPOINT: 'http://minio.storage:9000', S3_FORCE_PATH_STYLE: 'true', S3_REGION: 'us-east-1' });
    expect(named(minio, 'Deployment', 'folio-caller').spec.template.spec.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: 'S3_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'folio-s3', key: 'access-key-id' } } },
        { name: 'S3_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'folio-s3', key: 'secret-access-key' } } },
      ]),
    );
    const aws = objects([], ['--set', 'integrations.aws.region=eu-west-1']);
    expect(named(aws, 'ConfigMap', 'folio-caller').data).toMatchObject({ S3_REGION: 'eu-west-1', S3_FORCE_PATH_STYLE: 'false' });
    const own = objects([], ['--set', 'integrations.aws.region=eu-west-1', '--set', 'integrations.s3.region=eu-central-1', '--set', 'integrations.s3.forcePathStyle=true']);
    expect(named(own, 'ConfigMap', 'folio-caller').data).toMatchObject({ S3_REGION: 'eu-central-1', S3_FORCE_PATH_STYLE: 'true' });
  });

  it('lets the caller sit behind a gateway of its own when ingress.publicBaseUrl names the public URL', () => {
    const docs = objects([], ['--set', 'ingress.enabled=false', '--set', 'ingress.publicBaseUrl=https://calls.example.org']);
    expect(ofKind(docs, 'Ingress')).toEqual([]);
    expect(named(docs, 'ConfigMap', 'folio-caller').data?.PUBLIC_BASE_URL).toBe('https://calls.example.org');
    const out = helm('template', 'folio', chart, '-f', scenario('default-values.yaml'), '--set', 'ingress.enabled=false');
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain('services.caller: receives Twilio webhooks (ingress.paths and the twilio integration) but ingress.enabled is false and ingress.publicBaseUrl is empty');
  });

  it('renders PodDisruptionBudgets with a number or a percentage', () => {
    expect(named(objects([scenario('pdb-values.yaml')]), 'PodDisruptionBudget', 'folio-scheduler').spec).toMatchObject({ minAvailable: 2 });
    const percent = objects([scenario('pdb-values.yaml')], ['--set-string', 'services.scheduler.pdb.minAvailable=50%']);
    expect(named(percent, 'PodDisruptionBudget', 'folio-scheduler').spec).toMatchObject({ minAvailable: '50%' });
    const max = objects([], ['--set', 'services.scheduler.pdb.enabled=true', '--set', 'services.scheduler.replicaCount=2']);
    expect(named(max, 'PodDisruptionBudget', 'folio-scheduler').spec).toEqual(expect.objectContaining({ maxUnavailable: 1 }));
  });

  it('isolates each service with a NetworkPolicy selecting exactly its pods', () => {
    const docs = objects([scenario('networkpolicy-values.yaml')]);
    const policy = named(docs, 'NetworkPolicy', 'folio-scheduler');
    expect(policy.spec.podSelector.matchLabels).toEqual(named(docs, 'Deployment', 'folio-scheduler').spec.selector.matchLabels);
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress).toHaveLength(1);
    expect(policy.spec.egress.at(-1)).toEqual({ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ port: 6379, protocol: 'TCP' }] });
    // The scheduler talks to no external system: DNS, Kafka and the registry only, nothing on 443.
    const schedulerPorts = policy.spec.egress.slice(0, -1).flatMap((r: any) => r.ports.map((p: any) => p.port));
    expect(schedulerPorts).toEqual([53, 53, 9092, 8080]);
  });

  it('lets the ingress controller reach the caller, and the caller reach Twilio, ElevenLabs, S3 and PostgreSQL', () => {
    const docs = objects([scenario('networkpolicy-values.yaml')]);
    const policy = named(docs, 'NetworkPolicy', 'folio-caller');
    expect(policy.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }], ports: [{ port: 'http', protocol: 'TCP' }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port: 'http', protocol: 'TCP' }] },
    ]);
    const ports = policy.spec.egress.slice(0, -1).map((r: any) => r.ports.map((p: any) => p.port));
    expect(ports).toEqual([[53, 53], [9092, 8080, 5432], [443]]);
    // An S3-compatible store on its own port gets that port; mail ports come with smtp and imap.
    const minio = objects([scenario('networkpolicy-values.yaml')], ['--set', 'integrations.s3.endpoint=http://minio.storage:9000']);
    expect(named(minio, 'NetworkPolicy', 'folio-caller').spec.egress.slice(0, -1).at(-1).ports.map((p: any) => p.port)).toEqual([443, 9000]);
    const closed = objects([scenario('networkpolicy-values.yaml')], ['--set', 'networkPolicy.allowExternalEgress=false']);
    expect(named(closed, 'NetworkPolicy', 'folio-caller').spec.egress.flatMap((r: any) => r.ports.map((p: any) => p.port))).not.toContain(443);
  });

  it('monitors every service: a ServiceMonitor each, the alerts, and dashboards labelled for the Grafana sidecar', () => {
    const docs = objects([scenario('monitoring-values.yaml')]);
    expect(named(docs, 'ServiceMonitor', 'folio-scheduler').spec.endpoints).toEqual([
      expect.objectContaining({ port: 'http', path: '/metrics' }),
    ]);
    const rule = named(docs, 'PrometheusRule', 'folio');
    const alerts = rule.spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.alert));
    expect(alerts).toEqual(
      expect.arrayContaining(['FolioMessagesDeadLettered', 'FolioConsumerLagHigh', 'FolioEventLoopLagHigh', 'FolioPodNotReady', 'FolioReadinessFlapping', 'FolioHttp5xxRatioHigh', 'FolioServiceAbsent']),
    );
    expect(rule.spec.groups.find((g: any) => g.name === 'folio.caller').rules.map((r: any) => r.alert)).toEqual([
      'FolioTwilioSignatureFailures',
      'FolioTwilioWebhooksAllRejected',
      'FolioTwilioErrors',
      'FolioPromptsFallingBackToSay',
      'FolioCallerOutboxBacklog',
      'FolioNoSuccessfulCall',
      'FolioRecordingsFailing',
    ]);
    // Each caller alert links its runbook section (docs/operations.md has one per alert).
    const runbooks = readFileSync(join(root, 'docs', 'operations.md'), 'utf8');
    for (const r of rule.spec.groups.find((g: any) => g.name === 'folio.caller').rules) {
      expect(r.annotations.runbook_url).toBe(`https://runbooks.example.com/folio/${r.alert}`);
      expect(runbooks).toContain(`#### ${r.alert}`);
    }
    const noSuccess = rule.spec.groups.flatMap((g: any) => g.rules).find((r: any) => r.alert === 'FolioNoSuccessfulCall');
    expect(noSuccess.expr).toContain('outcome=~"AGREED|WILL_SEND"');
    expect(noSuccess.expr).toContain('[3h]');
    expect(noSuccess.expr).toContain('and on () (hour() >= 8 < 18)');
    expect(rule.spec.groups.find((g: any) => g.name === 'folio.mailer').rules.map((r: any) => r.alert)).toEqual(['FolioEmailSendFailing']);
    expect(runbooks).toContain('#### FolioEmailSendFailing');
    expect(rule.spec.groups.find((g: any) => g.name === 'folio.inbox').rules.map((r: any) => r.alert)).toEqual(['FolioInboxNotRead']);
    expect(runbooks).toContain('#### FolioInboxNotRead');
    // Without the caller, its group is not rendered.
    const withoutCaller = named(objects([scenario('monitoring-values.yaml')], ['--set', 'services.caller.enabled=false', '--set', 'ingress.enabled=false']), 'PrometheusRule', 'folio');
    expect(withoutCaller.spec.groups.map((g: any) => g.name)).not.toContain('folio.caller');
    for (const r of rule.spec.groups.flatMap((g: any) => g.rules)) {
      expect(r.expr).toContain('namespace="folio"');
      expect(r.annotations.summary).toBeTruthy();
    }
    // Prometheus' own {{ $labels }} templates survive Helm's rendering.
    const deadLetters = rule.spec.groups.flatMap((g: any) => g.rules).find((r: any) => r.alert === 'FolioMessagesDeadLettered');
    expect(deadLetters.annotations.summary).toBe('{{ $labels.service }} dead-lettered messages from {{ $labels.topic }}');
    const dashboards = ofKind(docs, 'ConfigMap').filter((d) => d.metadata.labels?.grafana_dashboard === '1');
    expect(dashboards.map((d) => Object.keys(d.data ?? {})).flat()).toEqual(readdirSync(join(chart, 'dashboards')).filter((f) => f.endsWith('.json')).sort());
    for (const d of dashboards) {
      for (const json of Object.values(d.data ?? {})) expect(JSON.parse(json)).toHaveProperty('panels');
    }
  });

  it('runs the configurable migrations command as a pre-install/pre-upgrade hook with the database Secret only', () => {
    const docs = objects([scenario('production-values.yaml')], ['--set-json', 'migrations.command=["node","libs/db/dist/migrate-cli.js","up"]']);
    const job = named(docs, 'Job', 'folio-migrations');
    expect(job.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'pre-install,pre-upgrade', 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded' });
    const [container] = job.spec.template.spec.containers;
    expect(container.command).toEqual(['node', 'libs/db/dist/migrate-cli.js', 'up']);
    expect(container.image).toBe('registry.example.com/folio/folio-projector:1.4.2');
    expect(container.env).toContainEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'folio-database', key: 'url' } } });
    expect(job.spec.template.spec).not.toHaveProperty('serviceAccountName');
  });

  it('prints, after an install, the Secrets the pods read and the URL Twilio must reach', () => {
    const out = helm('install', 'folio', chart, '--namespace', 'folio', '--dry-run=client', '-f', scenario('default-values.yaml'), '--set', 'integrations.elevenlabs.existingSecret=folio-elevenlabs');
    expect(out.status).toBe(0);
    const notes = out.stdout.slice(out.stdout.indexOf('NOTES:'));
    expect(notes).toContain('folio-database, folio-elevenlabs, folio-imap, folio-smtp, folio-twilio');
    expect(notes).toContain('Services: api, batcher, caller, extractor, inbox, mailer, projector, records, scheduler.');
    expect(notes).toContain('https://folio.example.com/twilio/calls/');
  });

  it.each(badSets)('rejects ci/bad/%s with every expected message', (file) => {
    const path = join(chart, 'ci', 'bad', file);
    const expected = readFileSync(path, 'utf8').split('\n').filter((l) => l.startsWith('# expect: ')).map((l) => l.slice('# expect: '.length));
    expect(expected.length).toBeGreaterThan(0);
    const out = helm('template', 'folio', chart, '-f', path);
    expect(out.status).not.toBe(0);
    for (const message of expected) expect(out.stderr).toContain(message);
  });

  it('documents every value with ## @param, and README.md holds the generated table', () => {
    const out = run(process.execPath, [tools, 'readme-check', chart]);
    expect({ status: out.status, stderr: out.stderr.split('\n').filter((l) => !l.startsWith('Skipping') && !l.startsWith('INFO')).join('\n') }).toEqual({ status: 0, stderr: '' });
  });
});

/** Metric names a PromQL expression reads: folio_* and the prom-client defaults (nodejs_*, process_*), outside string literals. */
function metricNames(promql: string): string[] {
  const code = promql.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return [...code.matchAll(/\b((?:folio|nodejs|process)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);
}

/** Every PromQL the chart ships: the alerts of the PrometheusRule (all services enabled) and each dashboard's panels and variables. */
function shippedQueries(): { source: string; expr: string }[] {
  const [rule] = objects([scenario('monitoring-values.yaml')], ['--show-only', 'templates/prometheusrule.yaml']);
  const out = (rule!.spec.groups as { rules: { alert: string; expr: string }[] }[]).flatMap((g) => g.rules.map((r) => ({ source: `alert ${r.alert}`, expr: String(r.expr) })));
  for (const file of readdirSync(join(chart, 'dashboards')).filter((f) => f.endsWith('.json'))) {
    const dashboard = JSON.parse(readFileSync(join(chart, 'dashboards', file), 'utf8')) as {
      panels: { title: string; targets?: { expr: string }[]; panels?: { title: string; targets?: { expr: string }[] }[] }[];
      templating?: { list: { name: string; definition?: string }[] };
    };
    const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
    for (const panel of panels) for (const t of panel.targets ?? []) out.push({ source: `${file}: ${panel.title}`, expr: t.expr });
    for (const v of dashboard.templating?.list ?? []) if (v.definition) out.push({ source: `${file}: variable ${v.name}`, expr: v.definition });
  }
  return out;
}

/** Files under dir (recursively) whose name passes keep, skipping dependencies and build output. */
function sourceFiles(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path, keep) : keep(entry.name) ? [path] : [];
  });
}

/**
 * Metric families registered by the code: folio_* names passed to the @folio/metrics helpers (counter, gauge,
 * histogram) in the non-test sources of services/ and libs/, and, since libs/metrics turns on prom-client's default
 * metrics, the names in prom-client's own default-metric sources. Histograms add their _bucket, _sum and _count series.
 */
function registeredMetrics(): { names: Set<string>; histograms: Set<string> } {
  const names = new Set<string>();
  const histograms = new Set<string>();
  const isSource = (name: string) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !/\.test\.ts$/.test(name);
  for (const file of [...sourceFiles(join(root, 'services'), isSource), ...sourceFiles(join(root, 'libs'), isSource)]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(counter|gauge|histogram)\(\s*[\w.]+,\s*'(folio_[a-z0-9_]+)'/g)) {
      names.add(m[2]!);
      if (m[1] === 'histogram') histograms.add(m[2]!);
    }
  }
  const metricsLib = readFileSync(join(root, 'libs', 'metrics', 'src', 'index.ts'), 'utf8');
  if (metricsLib.includes('collectDefaultMetrics(')) {
    for (const file of sourceFiles(join(root, 'node_modules', 'prom-client', 'lib', 'metrics'), (n) => n.endsWith('.js'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/'((?:nodejs|process)_[a-z0-9_]+)'/g)) names.add(m[1]!);
      if (file.endsWith('gc.js')) histograms.add('nodejs_gc_duration_seconds');
    }
  }
  for (const h of histograms) for (const suffix of ['_bucket', '_sum', '_count']) names.add(h + suffix);
  return { names, histograms };
}

describe('metrics the dashboards and alerts query', () => {
  it('finds the queries of every alert and dashboard, each naming at least one metric', () => {
    const queries = shippedQueries();
    expect(queries.length).toBeGreaterThan(60);
    expect(queries.filter((q) => metricNames(q.expr).length === 0)).toEqual([]);
    // The business alerts and dashboard are among them.
    const sources = queries.map((q) => q.source);
    expect(sources).toEqual(expect.arrayContaining(['alert FolioTwilioSignatureFailures', 'folio-business.json: Cost per folio (range)']));
  });

  it('queries only metrics that a service or library registers', () => {
    const { names } = registeredMetrics();
    expect(names.has('folio_caller_request_outcomes_total')).toBe(true);
    expect(names.has('nodejs_eventloop_lag_seconds')).toBe(true);
    const missing = shippedQueries().flatMap((q) => metricNames(q.expr).filter((n) => !names.has(n)).map((n) => `${n} (${q.source})`));
    expect([...new Set(missing)]).toEqual([]);
  });

  it('does not mistake label values for metric names', () => {
    expect(metricNames('sum(rate(folio_projector_time_to_folio_seconds_bucket{stage="folio_received"}[5m]))')).toEqual(['folio_projector_time_to_folio_seconds_bucket']);
  });
});

describe('skaffold.yaml', () => {
  const config = (): any => parse(readFileSync(join(root, 'skaffold.yaml'), 'utf8'))[0];
  const chartServices = (): string[] => Object.keys((parse(readFileSync(join(chart, 'values.yaml'), 'utf8'))[0] as any).services).sort();

  it('uses a skaffold/v4 schema', () => {
    expect(config().apiVersion).toMatch(/^skaffold\/v4/);
  });

  it('builds one image per deployable service, and the chart deploys the same services', () => {
    const artifacts = config().build.artifacts as any[];
    const names = artifacts.map((a) => a.docker.buildArgs.SERVICE).sort();
    expect(names).toEqual(deployableServices());
    expect(chartServices()).toEqual(deployableServices());
    for (const a of artifacts) {
      expect(a).toEqual({ image: `folio-${a.docker.buildArgs.SERVICE}`, context: '.', docker: { dockerfile: 'Dockerfile', buildArgs: { SERVICE: a.docker.buildArgs.SERVICE } } });
    }
  });

  it('hands every built image to the chart through setValueTemplates', () => {
    const release = config().deploy.helm.releases[0];
    expect(release.chartPath).toBe('helm/folio');
    for (const name of chartServices()) {
      const key = `folio_${name.replaceAll('-', '_')}`;
      expect(release.setValueTemplates).toMatchObject({
        [`services.${name}.image.repository`]: `{{.IMAGE_REPO_${key}}}`,
        [`services.${name}.image.tag`]: `{{.IMAGE_TAG_${key}}}`,
      });
    }
  });

  it('has dev and prod profiles', () => {
    expect(config().profiles.map((p: any) => p.name)).toEqual(['dev', 'prod']);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('runs the chosen service as uid 10001 from a slim Node 20 image with production dependencies only', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(runtime).toMatch(/^FROM \$\{NODE_IMAGE\} AS runtime$/m);
    expect(runtime).toMatch(/^USER 10001:10001$/m);
    expect(runtime).toMatch(/^ARG SERVICE$/m);
    expect(runtime).toMatch(/SERVICE=\$\{SERVICE\}/);
    expect(dockerfile).toMatch(/npm ci --omit=dev .*--workspace "services\/\$\{SERVICE\}"/);
    expect(dockerfile).toMatch(/RUN npx tsc -b$/m);
  });

  it('starts node as PID 1 on services/$SERVICE/dist/main.js, so SIGTERM reaches it', () => {
    const cmd = runtime.match(/^CMD (.*)$/m)?.[1];
    expect(cmd && JSON.parse(cmd)).toEqual(['/bin/sh', '-c', 'exec node "services/${SERVICE}/dist/main.js"']);
  });

  it('keeps dependencies, build output and local state out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', '.infra', '.env*']));
    expect(basename(root)).toBeTruthy();
  });
});
