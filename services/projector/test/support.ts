// Shared by the projector tests: a fresh migrated database per test file, unique topics, typed sending.
import pg from 'pg';
import { loadConfig, kafkaEnv } from '@folio/config';
import { migrate } from '@folio/db';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { KafkaRuntime, type RecordSchema } from '@folio/runtime';
import { createTopics, databaseUrl, uniqueName } from '@folio/testkit';

export const runtime = new KafkaRuntime({
  env: loadConfig(kafkaEnv, process.env),
  service: 'projector-test',
  logger: createLogger({ service: 'projector-test', level: 'silent' }),
  registry: createRegistry('projector-test', { defaultMetrics: false }),
});

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A uniquely named database on the test server, migrated; drop() removes it. */
export async function freshDatabase(): Promise<TestDatabase> {
  const server = new URL(databaseUrl());
  const name = uniqueName('projector', '_').toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new URL(server);
  admin.pathname = '/postgres';
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export interface ProjectorTopics {
  records: string;
  batches: string;
  calls: string;
  hotels: string;
  recordStatus: string;
  dlq: string;
}

export async function projectorTopics(partitions = 3): Promise<ProjectorTopics> {
  const [records, batches, calls, hotels, recordStatus, dlq] = await createTopics([
    { prefix: 'proj.records', partitions, compact: true },
    { prefix: 'proj.batches', partitions, compact: true },
    { prefix: 'proj.calls', partitions, compact: true },
    { prefix: 'proj.hotels', partitions, compact: true },
    { prefix: 'proj.status', partitions, compact: true },
    { prefix: 'proj.dlq' },
  ]);
  return { records: records!, batches: batches!, calls: calls!, hotels: hotels!, recordStatus: recordStatus!, dlq: dlq! };
}

export function projectorEnv(t: ProjectorTopics, database: string, groupId: string): Record<string, string> {
  return {
    DATABASE_URL: database,
    PROJECTOR_GROUP_ID: groupId,
    RECORDS_TOPIC: t.records,
    BATCHES_TOPIC: t.batches,
    CALLS_TOPIC: t.calls,
    HOTELS_TOPIC: t.hotels,
    RECORD_STATUS_TOPIC: t.recordStatus,
    DEAD_LETTER_TOPIC: t.dlq,
  };
}

export async function send(topic: string, schema: RecordSchema, key: string, value: object | null): Promise<void> {
  await runtime.send([{ topic, key, schema, value }]);
}

/** Every read-model table as JSON rows in key order, for comparing whole databases. */
export async function snapshot(db: pg.Pool): Promise<Record<string, unknown[]>> {
  const tables: Record<string, string> = {
    records: 'record_id',
    record_history: 'record_id, seq',
    record_erasures: 'record_id',
    batches: 'batch_id',
    calls: 'call_id',
    hotels: 'hotel_phone',
  };
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(tables)) {
    out[table] = (await db.query(`SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY ${key}`)).rows.map((r: { row: unknown }) => r.row);
  }
  return out;
}
