// Every metric the alerts and the dashboards query is exposed by the running services: the scheduler is started
// in-process against the real broker and registry, and its /metrics is scraped.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, afterAll, beforeAll } from '@jest/globals';
import { startService, type RunningService } from '@folio/runtime';
import { createTopics, deleteTopics, serviceEnv, uniqueName, waitFor } from '@folio/testkit';
import { schedulerService } from '@folio/scheduler';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const chart = join(root, 'helm', 'folio');
const created: string[] = [];
let scheduler: RunningService | undefined;

afterAll(async () => {
  await scheduler?.stop();
  await deleteTopics(created);
});

/** Metric names in PromQL: folio_*, and the prom-client defaults (nodejs_*, process_*). */
function metricNames(promql: string): string[] {
  return [...promql.matchAll(/\b((?:folio|nodejs|process)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);
}

/** The PromQL of the rendered PrometheusRule and of every dashboard JSON. */
function queries(): { source: string; expr: string }[] {
  const helm = spawnSync(process.execPath, [join(root, 'scripts', 'tools', 'helm-bin.mjs'), 'helm'], { encoding: 'utf8' }).stdout.trim();
  const rendered = spawnSync(helm, ['template', 'folio', chart, '-f', join(chart, 'ci', 'monitoring-values.yaml'), '--show-only', 'templates/prometheusrule.yaml'], {
    encoding: 'utf8',
    env: { ...process.env, HELM_CACHE_HOME: join(root, '.infra', 'helm', 'cache'), HELM_CONFIG_HOME: join(root, '.infra', 'helm', 'config'), HELM_DATA_HOME: join(root, '.infra', 'helm', 'data') },
  });
  if (rendered.status !== 0) throw new Error(rendered.stderr);
  const parsed = spawnSync(process.execPath, [join(root, 'scripts', 'tools', 'chart-tools.mjs'), 'parse', '-'], { input: rendered.stdout, encoding: 'utf8' });
  if (parsed.status !== 0) throw new Error(parsed.stderr);
  const [rule] = JSON.parse(parsed.stdout) as { spec: { groups: { rules: { alert: string; expr: string }[] }[] } }[];
  const out = rule!.spec.groups.flatMap((g) => g.rules.map((r) => ({ source: `alert ${r.alert}`, expr: r.expr })));
  for (const file of readdirSync(join(chart, 'dashboards')).filter((f) => f.endsWith('.json'))) {
    const dashboard = JSON.parse(readFileSync(join(chart, 'dashboards', file), 'utf8')) as { panels: { title: string; targets?: { expr: string }[] }[] };
    for (const panel of dashboard.panels) for (const t of panel.targets ?? []) out.push({ source: `${file}: ${panel.title}`, expr: t.expr });
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

describe('metrics used by the alerts and dashboards', () => {
  let scrape = '';

  beforeAll(async () => {
    const [timers] = await createTopics([{ prefix: 'metrics.timers', partitions: 2, compact: true }]);
    created.push(timers!);
    scheduler = await startService(schedulerService(), {
      env: serviceEnv({ SERVICE_NAME: 'scheduler', TIMERS_TOPIC: timers!, SCHEDULER_GROUP_ID: uniqueName('metrics-scheduler') }),
    });
    const running = scheduler;
    await waitFor('the scheduler to be ready', () => running.context.kafka.isReady(), { timeoutMs: 60_000 });
    const response = await fetch(`http://127.0.0.1:${running.port}/metrics`);
    expect(response.status).toBe(200);
    scrape = await response.text();
  }, 120_000);

  it('finds the queries to check', () => {
    const all = queries();
    expect(all.length).toBeGreaterThan(20);
    expect(all.every((q) => metricNames(q.expr).length > 0)).toBe(true);
  });

  it('exposes every metric an alert or a dashboard panel queries, with the service label', () => {
    const available = exposed(scrape);
    const missing = queries().flatMap((q) => metricNames(q.expr).filter((n) => !available.has(n)).map((n) => `${n} (${q.source})`));
    expect([...new Set(missing)]).toEqual([]);
    expect(scrape).toMatch(/^folio_ready\{service="scheduler"\} [01]$/m);
  });
});
