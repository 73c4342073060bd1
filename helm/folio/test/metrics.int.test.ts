// Every metric the alerts and the dashboards query is exposed by the running services: the scheduler, the projector,
// the caller, the mailer and the inbox are started in-process against the real broker, registry, PostgreSQL, object
// store and mail servers, and their /metrics are scraped. The caller places no call, so its Twilio API base URL is a
// closed port; the mailer sends nothing and does not watch its bounce mailbox; the inbox watches an empty mailbox.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, afterAll, beforeAll } from '@jest/globals';
import { migrate } from '@folio/db';
import { startService, type RunningService } from '@folio/runtime';
import { createTestBucket, createTopics, databaseUrl, deleteTestBucket, deleteTopics, requireEnv, s3ClientFromEnv, serviceEnv, testMailAddress, uniqueName, waitFor } from '@folio/testkit';
import { callerService } from '@folio/caller';
import { inboxService } from '@folio/inbox';
import { mailerService } from '@folio/mailer';
import { projectorService } from '@folio/projector';
import { schedulerService } from '@folio/scheduler';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const chart = join(root, 'helm', 'folio');
const created: string[] = [];
const running: RunningService[] = [];
const s3 = s3ClientFromEnv();
let bucket: string | undefined;

afterAll(async () => {
  for (const service of running.reverse()) await service.stop().catch(() => undefined);
  await deleteTopics(created);
  if (bucket) await deleteTestBucket(bucket, s3).catch(() => undefined);
});

/** Metric names in PromQL: folio_*, and the prom-client defaults (nodejs_*, process_*); string literals (label values) are skipped. */
function metricNames(promql: string): string[] {
  const code = promql.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return [...code.matchAll(/\b((?:folio|nodejs|process)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);
}

/** The PromQL of the rendered PrometheusRule (every service enabled) and of every dashboard's panels and variables. */
function queries(): { source: string; expr: string }[] {
  const helm = spawnSync(process.execPath, [join(root, 'scripts', 'tools', 'helm-bin.mjs'), 'helm'], { encoding: 'utf8' }).stdout.trim();
  const rendered = spawnSync(
    helm,
    ['template', 'folio', chart, '-f', join(chart, 'ci', 'default-values.yaml'), '-f', join(chart, 'ci', 'monitoring-values.yaml'), '--show-only', 'templates/prometheusrule.yaml'],
    {
      encoding: 'utf8',
      env: { ...process.env, HELM_CACHE_HOME: join(root, '.infra', 'helm', 'cache'), HELM_CONFIG_HOME: join(root, '.infra', 'helm', 'config'), HELM_DATA_HOME: join(root, '.infra', 'helm', 'data') },
    },
  );
  if (rendered.status !== 0) throw new Error(rendered.stderr);
  const parsed = spawnSync(process.execPath, [join(root, 'scripts', 'tools', 'chart-tools.mjs'), 'parse', '-'], { input: rendered.stdout, encoding: 'utf8' });
  if (parsed.status !== 0) throw new Error(parsed.stderr);
  const [rule] = JSON.parse(parsed.stdout) as { spec: { groups: { rules: { alert: string; expr: string }[] }[] } }[];
  const out = rule!.spec.groups.flatMap((g) => g.rules.map((r) => ({ source: `alert ${r.alert}`, expr: r.expr })));
  for (const file of readdirSync(join(chart, 'dashboards')).filter((f) => f.endsWith('.json'))) {
    const dashboard = JSON.parse(readFileSync(join(chart, 'dashboards', file), 'utf8')) as {
      panels: { title: string; targets?: { expr: string }[] }[];
      templating?: { list: { name: string; definition?: string }[] };
    };
    for (const panel of dashboard.panels) for (const t of panel.targets ?? []) out.push({ source: `${file}: ${panel.title}`, expr: t.expr });
    for (const v of dashboard.templating?.list ?? []) if (v.definition) out.push({ source: `${file}: variable ${v.name}`, expr: v.definition });
  }
  return out;
}

/** Metric families announced in a Prometheus text exposition (# TYPE lines), with histogram series names. */
function exposed(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(m[1]!);
    if (m[2] === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(m[1]! + suffix);
  }
  return names;
}

/** A port nothing listens on: the caller's Twilio client is pointed there, and never used. */
async function closedPort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function scrape(service: RunningService): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${service.port}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

describe('metrics used by the alerts and dashboards', () => {
  const scrapes: Record<'scheduler' | 'projector' | 'caller' | 'mailer' | 'inbox', string> = { scheduler: '', projector: '', caller: '', mailer: '', inbox: '' };

  beforeAll(async () => {
    await migrate(databaseUrl());
    const names = await createTopics([
      { prefix: 'metrics.timers', partitions: 2, compact: true },
      { prefix: 'metrics.records', partitions: 2, compact: true },
      { prefix: 'metrics.batches', partitions: 2, compact: true },
      { prefix: 'metrics.calls', partitions: 2, compact: true },
      { prefix: 'metrics.hotels', partitions: 2, compact: true },
      { prefix: 'metrics.record-status', partitions: 2, compact: true },
      { prefix: 'metrics.call-commands', partitions: 2 },
      { prefix: 'metrics.call-events', partitions: 2 },
      { prefix: 'metrics.record-outcomes', partitions: 2 },
      { prefix: 'metrics.dlq' },
      { prefix: 'metrics.email-commands', partitions: 2 },
      { prefix: 'metrics.email-events', partitions: 2 },
      { prefix: 'metrics.inbound', partitions: 2 },
      { prefix: 'metrics.extractions', partitions: 2 },
    ]);
    created.push(...names);
    const [timers, records, batches, calls, hotels, recordStatus, commands, callEvents, outcomes, dlq, emailCommands, emailEvents, inbound, extractions] = names as [
      string, string, string, string, string, string, string, string, string, string, string, string, string, string,
    ];
    bucket = await createTestBucket(s3, 'metrics');

    const scheduler = await startService(schedulerService(), {
      env: serviceEnv({ SERVICE_NAME: 'scheduler', TIMERS_TOPIC: timers, SCHEDULER_GROUP_ID: uniqueName('metrics-scheduler') }),
    });
    running.push(scheduler);
    const projector = await startService(projectorService(), {
      env: serviceEnv({
        SERVICE_NAME: 'projector',
        DATABASE_URL: databaseUrl(),
        PROJECTOR_GROUP_ID: uniqueName('metrics-projector'),
        RECORDS_TOPIC: records,
        BATCHES_TOPIC: batches,
        CALLS_TOPIC: calls,
        HOTELS_TOPIC: hotels,
        RECORD_STATUS_TOPIC: recordStatus,
        DEAD_LETTER_TOPIC: dlq,
      }),
    });
    running.push(projector);
    const caller = await startService(callerService(), {
      env: serviceEnv({
        SERVICE_NAME: 'caller',
        DATABASE_URL: databaseUrl(),
        CALLER_GROUP_ID: uniqueName('metrics-caller'),
        CALL_COMMANDS_TOPIC: commands,
        CALL_EVENTS_TOPIC: callEvents,
        CALLS_TOPIC: calls,
        RECORD_OUTCOMES_TOPIC: outcomes,
        HOTELS_TOPIC: hotels,
        DEAD_LETTER_TOPIC: dlq,
        TWILIO_ACCOUNT_SID: 'AC' + 'ab'.repeat(16),
        TWILIO_AUTH_TOKEN: 'metrics-test-auth-token',
        TWILIO_FROM_NUMBER: '+15005550006',
        TWILIO_API_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
        PUBLIC_BASE_URL: 'https://folio.example.com',
        S3_ENDPOINT: process.env.S3_ENDPOINT!,
        S3_REGION: process.env.S3_REGION!,
        S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID!,
        S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY!,
        S3_BUCKET: bucket,
      }),
    });
    running.push(caller);
    const mailer = await startService(mailerService(), {
      env: serviceEnv({
        SERVICE_NAME: 'mailer',
        DATABASE_URL: databaseUrl(),
        MAILER_GROUP_ID: uniqueName('metrics-mailer'),
        EMAIL_COMMANDS_TOPIC: emailCommands,
        EMAIL_EVENTS_TOPIC: emailEvents,
        RECORD_OUTCOMES_TOPIC: outcomes,
        DEAD_LETTER_TOPIC: dlq,
        SMTP_HOST: requireEnv('SMTP_HOST'),
        SMTP_PORT: requireEnv('SMTP_PORT'),
        IMAP_HOST: requireEnv('IMAP_HOST'),
        IMAP_PORT: requireEnv('IMAP_PORT'),
        BOUNCE_POLL_MS: '0',
        S3_ENDPOINT: process.env.S3_ENDPOINT!,
        S3_REGION: process.env.S3_REGION!,
        S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID!,
        S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY!,
        DOCUMENTS_BUCKET: bucket,
        LIMITS_SCOPE: uniqueName('metrics-limits'),
      }),
    });
    running.push(mailer);
    const inboxAddress = testMailAddress('metrics-inbox');
    const inbox = await startService(inboxService(), {
      env: serviceEnv({
        SERVICE_NAME: 'inbox',
        DATABASE_URL: databaseUrl(),
        INBOX_GROUP_ID: uniqueName('metrics-inbox'),
        EMAIL_EVENTS_TOPIC: emailEvents,
        INBOUND_TOPIC: inbound,
        EXTRACTIONS_TOPIC: extractions,
        DEAD_LETTER_TOPIC: dlq,
        INBOX_ADDRESS: inboxAddress,
        IMAP_HOST: requireEnv('IMAP_HOST'),
        IMAP_PORT: requireEnv('IMAP_PORT'),
        IMAP_PASSWORD: inboxAddress,
        S3_ENDPOINT: process.env.S3_ENDPOINT!,
        S3_REGION: process.env.S3_REGION!,
        S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID!,
        S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY!,
        DOCUMENTS_BUCKET: bucket,
      }),
    });
    running.push(inbox);
    for (const [name, service] of [['scheduler', scheduler], ['projector', projector], ['caller', caller], ['mailer', mailer], ['inbox', inbox]] as const) {
      await waitFor(`the ${name} to be ready`, () => service.context.kafka.isReady(), { timeoutMs: 60_000 });
      scrapes[name] = await scrape(service);
    }
  }, 180_000);

  it('finds the queries to check', () => {
    const all = queries();
    expect(all.length).toBeGreaterThan(60);
    expect(all.every((q) => metricNames(q.expr).length > 0)).toBe(true);
  });

  it('exposes every metric an alert or a dashboard panel queries, with the service label', () => {
    const available = new Set(Object.values(scrapes).flatMap((text) => [...exposed(text)]));
    const missing = queries().flatMap((q) => metricNames(q.expr).filter((n) => !available.has(n)).map((n) => `${n} (${q.source})`));
    expect([...new Set(missing)]).toEqual([]);
    expect(scrapes.scheduler).toMatch(/^folio_ready\{service="scheduler"\} [01]$/m);
    expect(scrapes.projector).toMatch(/^folio_ready\{service="projector"\} [01]$/m);
    expect(scrapes.caller).toMatch(/^folio_ready\{service="caller"\} [01]$/m);
    expect(scrapes.mailer).toMatch(/^folio_ready\{service="mailer"\} [01]$/m);
    expect(scrapes.inbox).toMatch(/^folio_ready\{service="inbox"\} [01]$/m);
  });

  it('exposes every metric of the caller alerts from the caller itself', () => {
    const callerMetrics = exposed(scrapes.caller);
    const alertNames = queries()
      .filter((q) => q.source.startsWith('alert ') && q.expr.includes('folio_caller_'))
      .flatMap((q) => metricNames(q.expr));
    expect(alertNames).toEqual(expect.arrayContaining(['folio_caller_webhook_signature_failures_total', 'folio_caller_request_outcomes_total', 'folio_caller_outbox_pending']));
    expect(alertNames.filter((n) => !callerMetrics.has(n))).toEqual([]);
  });

  it('counts the requests of the read model by status in the projector', () => {
    expect(scrapes.projector).toMatch(/^# TYPE folio_projector_requests gauge$/m);
    expect(scrapes.projector).toMatch(/^# TYPE folio_projector_time_to_folio_seconds histogram$/m);
  });
});
