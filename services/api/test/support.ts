// Shared by the api's e2e tests: a uniquely named, migrated database, unique topics with a reader that keeps
// every message, tenants with keys, and a validator of responses against the served OpenAPI document.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { loadConfig, kafkaEnv } from '@folio/config';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { KafkaRuntime } from '@folio/runtime';
import { createPool, migrate, type Pool } from '@folio/db';
import { valueSchemas, type AvroRecordSchema, type RecordFullName } from '@folio/contracts';
import { createTopics, databaseUrl, deleteTopics, testKafka, uniqueName, waitFor } from '@folio/testkit';
import { createTenantKey, type Scope } from '../src/index.js';

export const runtime = new KafkaRuntime({
  env: loadConfig(kafkaEnv, process.env),
  service: 'api-test',
  logger: createLogger({ service: 'api-test', level: 'silent' }),
  registry: createRegistry('api-test', { defaultMetrics: false }),
});
const everyReader = new Map<string, AvroRecordSchema>(Object.entries(valueSchemas) as [RecordFullName, AvroRecordSchema][]);

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh database with every migration applied; `drop` removes it. */
export async function freshDatabase(): Promise<{ url: string; pool: Pool; drop: () => Promise<void> }> {
  const name = uniqueName('folio_api', '_').replace(/[^a-z0-9_]/g, '_');
  const admin = createPool(withDatabase(databaseUrl(), 'postgres'), { max: 1 });
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = withDatabase(databaseUrl(), name);
  await migrate(url);
  const pool = createPool(url, { max: 2 });
  return {
    url,
    pool,
    drop: async () => {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

export interface Seen {
  readonly topic: string;
  readonly key: string | null;
  readonly type: string | null;
  readonly value: Record<string, unknown> | null;
  readonly headers: Record<string, string>;
}

/** Topics with unique names and one consumer that keeps every message decoded, for the whole file. */
export async function watchedTopics(prefixes: readonly string[]) {
  const names = await createTopics(prefixes.map((prefix) => ({ prefix, partitions: 3 })));
  const seen: Seen[] = [];
  const consumer = testKafka('api-test-watch').consumer({ groupId: uniqueName('api-watch') });
  await consumer.connect();
  await consumer.subscribe({ topics: names, fromBeginning: true });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => void (joined = true));
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = String(Array.isArray(v) ? v[0] : v);
      const decoded = message.value ? await runtime.serde.decode<Record<string, unknown>>(message.value, everyReader) : null;
      seen.push({ topic, key: message.key?.toString('utf8') ?? null, type: decoded ? decoded.typeName : null, value: decoded ? decoded.value : null, headers });
    },
  });
  await waitFor('the watcher to join its group', () => joined, { timeoutMs: 30_000 });
  return {
    names,
    seen,
    /** Waits until `predicate` holds for the messages seen, then a moment more to catch extra ones. */
    async settle(predicate: (seen: readonly Seen[]) => boolean, settleMs = 1_500): Promise<readonly Seen[]> {
      await waitFor('messages on the watched topics', () => predicate(seen), { timeoutMs: 30_000 });
      await new Promise((r) => setTimeout(r, settleMs));
      return seen;
    },
    close: async () => {
      await consumer.disconnect();
      await deleteTopics(names);
    },
  };
}

let tenantCounter = 0;
export async function tenantWithKeys(pool: Pool, scopesByKey: Record<string, Scope[]>) {
  const n = `${Date.now()}-${++tenantCounter}`;
  const keys: Record<string, string> = {};
  let tenantId = '';
  for (const [label, scopes] of Object.entries(scopesByKey)) {
    const created = await createTenantKey(pool, { name: `Tenant ${n}`, inboxEmail: `folios+${n}@folio.test`, senderName: 'Folio', scopes });
    tenantId = created.tenantId;
    keys[label] = created.key;
  }
  return { tenantId, keys };
}

/** Validates response bodies against the schemas the served OpenAPI document declares for them. */
export function openApiValidator(document: Record<string, unknown>) {
  const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  ajv.addSchema({ ...(document as object), $id: 'openapi.json' });
  type Paths = Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
  const paths = document.paths as Paths;
  const checked = new Set<string>();
  return {
    checked,
    /** Throws unless `body` matches the document's schema for (path template, method, status, content type). */
    check(pathTemplate: string, method: string, status: number, contentType: string, body: unknown): void {
      const operation = paths[pathTemplate]?.[method.toLowerCase()];
      if (!operation) throw new Error(`the document has no ${method} ${pathTemplate}`);
      const response = operation.responses[String(status)];
      if (!response) throw new Error(`the document has no ${status} for ${method} ${pathTemplate}`);
      if (!response.content) {
        // A response without content in the document (a redirect) must have an empty body.
        if (body !== '' && body !== undefined) throw new Error(`${method} ${pathTemplate} ${status} has a body the document does not declare`);
        checked.add(`${method.toUpperCase()} ${pathTemplate} ${status}`);
        return;
      }
      const mediaType = contentType.split(';')[0]!.trim();
      if (!response.content?.[mediaType]) throw new Error(`the document has no ${mediaType} for ${status} of ${method} ${pathTemplate}`);
      const pointer = `openapi.json#/paths/${pathTemplate.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${status}/content/${mediaType.replace(/\//g, '~1')}/schema`;
      const validate = ajv.getSchema(pointer);
      if (!validate) throw new Error(`no schema at ${pointer}`);
      if (!validate(body)) throw new Error(`${method} ${pathTemplate} ${status}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 500)}`);
      checked.add(`${method.toUpperCase()} ${pathTemplate} ${status}`);
    },
  };
}
