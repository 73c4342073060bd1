// Relays caller_outbox to Kafka: one relay at a time across replicas (a transaction-scoped advisory lock), in
// id order, deleting rows only after Kafka acknowledged them (acks=all, idempotent producer). A crash between
// the send and the delete sends those rows again: consumers of call events are idempotent by design.
import pg from 'pg';
import type { Producer } from 'kafkajs';
import type { Pool } from '@folio/db';
import type { Logger } from '@folio/logger';
import type { Counter, Gauge } from '@folio/metrics';
import { OUTBOX_CHANNEL } from './call-store.js';

/** Key of the advisory lock that makes one replica the relay at a time. */
const RELAY_LOCK = 0x666f6c696f; // "folio"

export interface OutboxRelayOptions {
  readonly pool: Pool;
  readonly databaseUrl: string;
  readonly producer: () => Promise<Producer>;
  readonly logger: Logger;
  readonly pollMs: number;
  readonly batchSize?: number;
  readonly relayed: Counter<'topic'>;
  readonly pending: Gauge;
}

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  value: Buffer | null;
  headers: Record<string, string>;
}

export class OutboxRelay {
  private running = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private listener: pg.Client | undefined;
  private dirty = true;

  constructor(private readonly options: OutboxRelayOptions) {}

  async start(): Promise<void> {
    this.running = true;
    await this.listen().catch((error: unknown) => this.options.logger.warn({ err: error }, 'outbox notifications unavailable; polling only'));
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
  }

  /** Sends everything pending now (tests, shutdown). Resolves with the number of rows relayed. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayOnce();
      total += n;
      if (n === 0) return total;
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: 'caller-outbox-listener' });
    client.on('error', (error) => {
      this.options.logger.warn({ err: error }, 'outbox listener connection failed; polling until it is back');
      this.listener = undefined;
    });
    client.on('notification', () => {
      this.dirty = true;
      this.wake?.();
    });
    await client.connect();
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.listener = client;
  }

  private async run(): Promise<void> {
    let backoff = 200;
    while (this.running) {
      try {
        this.dirty = false;
        const n = await this.relayOnce();
        backoff = 200;
        if (n > 0) continue;
      } catch (error) {
        this.options.logger.warn({ err: error }, 'outbox relay failed; retrying');
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
        continue;
      }
      if (!this.listener && this.running) await this.listen().catch(() => undefined);
      if (!this.dirty) await this.sleep(this.options.pollMs);
    }
    // Last pass so events of calls handled during shutdown leave before the producer closes.
    await this.drain().catch((error: unknown) => this.options.logger.warn({ err: error }, 'outbox not fully relayed at shutdown; the next start sends the rest'));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private async relayOnce(): Promise<number> {
    const { pool, batchSize = 500 } = this.options;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const lock = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [RELAY_LOCK]);
      if (!lock.rows[0]?.locked) {
        await client.query('ROLLBACK');
        return 0;
      }
      const r = await client.query<OutboxRow>('SELECT id, topic, key, value, headers FROM caller_outbox ORDER BY id LIMIT $1', [batchSize]);
      if (r.rows.length === 0) {
        const count = await client.query<{ n: string }>('SELECT count(*) AS n FROM caller_outbox');
        this.options.pending.set(Number(count.rows[0]?.n ?? 0));
        await client.query('COMMIT');
        return 0;
      }
      // One request for the whole batch, grouped by topic: the order within each topic (and so per key and
      // partition) is kept; consumers never rely on order across topics.
      const byTopic = new Map<string, { key: string; value: Buffer | null; headers: Record<string, string> }[]>();
      for (const row of r.rows) {
        const list = byTopic.get(row.topic) ?? [];
        list.push({ key: row.key, value: row.value, headers: row.headers });
        byTopic.set(row.topic, list);
      }
      const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
      const producer = await this.options.producer();
      await producer.sendBatch({ topicMessages, acks: -1 });
      await client.query('DELETE FROM caller_outbox WHERE id = ANY($1::bigint[])', [r.rows.map((row) => row.id)]);
      await client.query('COMMIT');
      for (const batch of topicMessages) this.options.relayed.inc({ topic: batch.topic }, batch.messages.length);
      return r.rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
