// The records service as a real process, killed (SIGKILL) mid-stream and started again: every request is
// received, queued and put on the contact queue exactly once; nothing is lost, nothing doubled.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, afterAll } from '@jest/globals';
import { HEADER_TENANT_ID } from '@folio/contracts';
import { collectMessages, deleteTopics, serviceEnv, uniqueName, waitFor, withAdmin } from '@folio/testkit';
import { recordCreated } from '../src/domain/folio-request/fixtures.test.js';
import { decodeAll, recordsEnv, recordsTopics, runtime, schemaOf, type RecordsTopics } from './support.js';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const children: ChildProcess[] = [];
const created: RecordsTopics[] = [];

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await runtime.close();
  await deleteTopics(created.flatMap((t) => Object.values(t)));
});

function startRecords(env: Record<string, string>) {
  const child = spawn(process.execPath, [main], { env: { ...process.env, ...serviceEnv(env) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  children.push(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      if (code) process.stderr.write(stderr);
      resolve({ code, signal });
    }),
  );
  return { child, exited };
}

async function written(topic: string): Promise<number> {
  const offsets = await withAdmin((admin) => admin.fetchTopicOffsets(topic));
  return offsets.reduce((n, o) => n + Number(o.high), 0);
}

describe('records service process', () => {
  it('loses and duplicates nothing when it is killed mid-stream and starts again', async () => {
    expect(existsSync(main)).toBe(true); // built by `npx tsc -b services/records`
    const t = await recordsTopics(3);
    created.push(t);
    const count = 1_200;
    const requests = Array.from({ length: count }, (_, i) => recordCreated({ externalId: `crash-${i}`, hotelPhone: `+1501555${String(1000 + (i % 50)).padStart(4, '0')}` }));
    await runtime.send(requests.map((r) => ({ topic: t.intake, key: r.recordId, schema: schemaOf('RecordCreated'), value: r, headers: { [HEADER_TENANT_ID]: 'acme' } })));
    const env = { ...recordsEnv(t, uniqueName('records-crash')), LOG_LEVEL: 'warn' };

    const first = startRecords(env);
    await waitFor('the first process to be mid-stream', async () => (await written(t.recordEvents)) >= 1, { timeoutMs: 60_000, intervalMs: 20 });
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const before = await written(t.recordEvents);

    const second = startRecords(env);
    const events = await decodeAll(await collectMessages(t.recordEvents, 2 * count, { timeoutMs: 120_000, settleMs: 3_000 }));
    const queue = await collectMessages(t.contactQueue, count, { timeoutMs: 60_000, settleMs: 1_000 });
    const states = await collectMessages(t.records, count, { timeoutMs: 60_000, settleMs: 1_000 });
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });

    // The first process stopped somewhere in the stream, before it had written everything.
    expect(before).toBeLessThan(2 * count);
    const byRecord = new Map<string, string[]>();
    for (const e of events) byRecord.set(e.key!, [...(byRecord.get(e.key!) ?? []), e.type!]);
    expect(byRecord.size).toBe(count);
    for (const r of requests) expect(byRecord.get(r.recordId)).toEqual(['RecordReceived', 'RecordQueued']);
    expect(queue).toHaveLength(count);
    expect(states).toHaveLength(count);
    expect(new Set(states.map((s) => s.key)).size).toBe(count);
  }, 240_000);
});
