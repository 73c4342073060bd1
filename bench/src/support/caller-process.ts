// The caller as its own process for the webhook benchmark (bench/src/caller-webhooks.ts): the production service
// definition unchanged, plus a few /bench routes on its HTTP server: POST /bench/place hands PlaceCall commands
// to the caller's own placeCall (the path a PlaceCall from Kafka takes), GET /bench/stats returns exact webhook
// durations by kind and, for every call-row transaction, how long it waited for a pooled connection, how long
// its SQL took and how long it held the row lock (the pure turn, TwiML and prompts run inside it).
// Not a benchmark itself: bench.sh runs bench/dist/*.js only, not this folder.
import { AsyncLocalStorage } from 'node:async_hooks';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Request, Response, NextFunction } from 'express';
import type { PoolClient } from 'pg';
import type { PlaceCall } from '@folio/contracts';
import { runService, type ServiceDefinition } from '@folio/runtime';
import { callerService, type CallerHandle, type callerEnv } from '@folio/caller';

interface Transaction {
  waitMs: number;
  sqlMs: number;
  heldMs: number;
}

/** BEGIN, SELECT ... FOR UPDATE, UPDATE, INSERT (outbox), NOTIFY (pg_notify), COMMIT. */
function statementOf(text: unknown): string {
  const sql = typeof text === 'string' ? text : String((text as { text?: string } | undefined)?.text ?? '');
  if (/pg_notify/i.test(sql)) return 'NOTIFY';
  if (/FOR UPDATE/i.test(sql)) return 'SELECT FOR UPDATE';
  return /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'OTHER';
}

const webhookMs: Record<string, number[]> = {};
const transactions: Transaction[] = [];
const statementMs: Record<string, number[]> = {};
const inCall = new AsyncLocalStorage<Transaction>();
let handle: CallerHandle | undefined;
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

/** Times every checkout of the store's pool made inside withCall (the outbox relay's checkouts are not counted). */
function instrument(h: CallerHandle): void {
  const store = h.store as unknown as { pool: { connect: (...a: unknown[]) => Promise<PoolClient> }; withCall: CallerHandle['store']['withCall'] };
  const pool = store.pool;
  const connect = pool.connect.bind(pool);
  const patched = new WeakSet<object>();
  const current = new WeakMap<object, Transaction>();
  pool.connect = async (...args: unknown[]) => {
    const tx = inCall.getStore();
    if (!tx || args.length > 0) return connect(...args);
    const asked = process.hrtime.bigint();
    const client = await connect();
    tx.waitMs += ms(asked);
    const held = process.hrtime.bigint();
    current.set(client, tx);
    if (!patched.has(client)) {
      patched.add(client);
      const query = client.query.bind(client) as (...a: unknown[]) => unknown;
      (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
        const started = process.hrtime.bigint();
        const result = query(...a);
        const owner = current.get(client);
        if (owner && result instanceof Promise) {
          return result.finally(() => {
            const took = ms(started);
            owner.sqlMs += took;
            (statementMs[statementOf(a[0])] ??= []).push(took);
          });
        }
        return result;
      };
    }
    const release = client.release.bind(client);
    client.release = ((err?: Error | boolean) => {
      tx.heldMs += ms(held);
      current.delete(client);
      return release(err);
    }) as PoolClient['release'];
    return client;
  };
  const withCall = store.withCall.bind(store);
  store.withCall = ((callId, fn) => {
    const tx: Transaction = { waitMs: 0, sqlMs: 0, heldMs: 0 };
    return inCall.run(tx, () => withCall(callId, fn).finally(() => transactions.push(tx)));
  }) as CallerHandle['store']['withCall'];
}

function revive(command: PlaceCall): PlaceCall {
  return {
    ...command,
    requestedAt: new Date(command.requestedAt),
    entries: command.entries.map((e) => ({ ...e, queuedAt: new Date(e.queuedAt), createdAt: e.createdAt === null ? null : new Date(e.createdAt), notBefore: e.notBefore === null ? null : new Date(e.notBefore) })),
  };
}

const caller = callerService({
  onStarted: (h) => {
    handle = h;
    instrument(h);
  },
});

const definition: ServiceDefinition<typeof callerEnv> = {
  ...caller,
  async start(context) {
    const { app } = context.http;
    // Registered before the caller's routes: the exact time of every webhook, by kind.
    app.use((req: Request, res: Response, next: NextFunction) => {
      const kind = /^\/twilio\/calls\/[^/]+\/(\w+)/.exec(req.path)?.[1];
      if (!kind) return next();
      const started = process.hrtime.bigint();
      res.on('finish', () => (webhookMs[`${kind} ${res.statusCode}`] ??= []).push(ms(started)));
      next();
    });
    app.post('/bench/place', (await import('express')).default.json({ limit: '10mb' }), async (req: Request, res: Response) => {
      const commands = (req.body as PlaceCall[]).map(revive);
      const results = await Promise.all(commands.map((c) => handle!.flow.placeCall(c)));
      res.json(results);
    });
    app.get('/bench/stats', (req: Request, res: Response) => {
      const ns = (v: number) => +(v / 1e6).toFixed(1);
      res.json({ webhookMs, transactions, statementMs, eventLoopDelayMs: { p50: ns(loop.percentile(50)), p99: ns(loop.percentile(99)), max: ns(loop.max) } });
      if (req.query.reset === '1') {
        for (const k of Object.keys(webhookMs)) delete webhookMs[k];
        for (const k of Object.keys(statementMs)) delete statementMs[k];
        transactions.length = 0;
        loop.reset();
      }
    });
    await caller.start(context);
  },
};

await runService(definition);
