// The local schema registry as the services see it: the Confluent SDK against SCHEMA_REGISTRY_URL.
// Start it with `scripts/infra/registry.sh up` and `source scripts/infra/env.sh`.
import { describe, it, expect } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { schemaRegistryUrl } from './registry-url.js';

const baseUrl = schemaRegistryUrl();
const registry = new SchemaRegistry({ host: baseUrl, retry: { retries: 0 } });
const runId = randomBytes(4).toString('hex');
let subjectCount = 0;

/** A subject no other run or test uses, so nothing needs cleaning up. */
function uniqueSubject(name: string): string {
  subjectCount += 1;
  return `folio.test.${runId}.${subjectCount}.${name}`;
}

type Field = { name: string; type: unknown; default?: unknown };

/** An Avro record schema the SDK registers as is. */
function avro(fields: Field[]) {
  const schema = { type: 'record', name: 'StayBooked', namespace: 'io.folio.test', fields };
  return { type: SchemaType.AVRO, schema: JSON.stringify(schema) } as const;
}

const v1Fields: Field[] = [
  { name: 'recordId', type: 'string' },
  { name: 'nights', type: 'int' },
];
const v1 = avro(v1Fields);
const withOptionalNotes = avro([...v1Fields, { name: 'notes', type: ['null', 'string'], default: null }]);
const withRequiredHotel = avro([...v1Fields, { name: 'hotelPhone', type: 'string' }]);

type Outcome = { accepted: true } | { accepted: false; status: number | undefined; message: string };

/** Whether the registry accepted a call, and if not, the HTTP status and the message a developer would read. */
async function outcome(promise: Promise<unknown>): Promise<Outcome> {
  try {
    await promise;
    return { accepted: true };
  } catch (error) {
    const { message, status } = error as Error & { status?: number };
    return { accepted: false, status, message };
  }
}

describe('schema registry (Confluent API)', () => {
  it('registers a schema, then encodes and decodes a value in the Confluent wire format', async () => {
    const { id } = await registry.register(v1, { subject: uniqueSubject('roundtrip') });
    const value = { recordId: 'a7d1e3b0-5c1f-4a57-9a3e-0b3f0b6f4d10', nights: 3 };

    const bytes = await registry.encode(id, value);

    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(id);
    expect(await registry.decode(bytes)).toEqual(value);
  });

  it('answers the same id when the same schema is registered again', async () => {
    const subject = uniqueSubject('idempotent');
    const first = await registry.register(v1, { subject });
    const second = await new SchemaRegistry({ host: baseUrl }).register(v1, { subject });

    expect(second.id).toBe(first.id);
    expect(await registry.getRegistryIdBySchema(subject, v1)).toBe(first.id);
    expect(await registry.getLatestSchemaId(subject)).toBe(first.id);
  });

  it('accepts a backward compatible evolution and reads old data with the new schema', async () => {
    const subject = uniqueSubject('backward');
    const old = await registry.register(v1, { subject, compatibility: COMPATIBILITY.BACKWARD });
    const evolved = await registry.register(withOptionalNotes, { subject, compatibility: COMPATIBILITY.BACKWARD });
    const oldBytes = await registry.encode(old.id, { recordId: 'r-1', nights: 2 });

    const read = await registry.decode(oldBytes, {
      [SchemaType.AVRO]: { readerSchema: await registry.getSchema(evolved.id) },
    });

    expect(evolved.id).not.toBe(old.id);
    expect(await registry.getLatestSchemaId(subject)).toBe(evolved.id);
    expect(read).toEqual({ recordId: 'r-1', nights: 2, notes: null });
  });

  it('refuses a new required field without a default under BACKWARD', async () => {
    const subject = uniqueSubject('backward-refused');
    const old = await registry.register(v1, { subject, compatibility: COMPATIBILITY.BACKWARD });

    const refused = await outcome(registry.register(withRequiredHotel, { subject, compatibility: COMPATIBILITY.BACKWARD }));

    expect(refused).toMatchObject({ accepted: false, status: 409, message: expect.stringMatching(/incompatible/i) });
    expect(await registry.getLatestSchemaId(subject)).toBe(old.id);
  });

  it('under FULL_TRANSITIVE refuses a change that FULL, checking only the latest version, accepts', async () => {
    // currency gains a default in v2 and loses it in v3: v2 and v3 read each other's data, v3 cannot read v1 data.
    const v2 = avro([...v1Fields, { name: 'currency', type: 'string', default: 'EUR' }]);
    const v3 = avro([...v1Fields, { name: 'currency', type: 'string' }]);
    const registerThree = async (compatibility: COMPATIBILITY) => {
      const subject = uniqueSubject(compatibility.toLowerCase());
      await registry.register(v1, { subject, compatibility });
      await registry.register(v2, { subject, compatibility });
      return outcome(registry.register(v3, { subject, compatibility }));
    };

    expect(await registerThree(COMPATIBILITY.FULL)).toEqual({ accepted: true });
    expect(await registerThree(COMPATIBILITY.FULL_TRANSITIVE)).toMatchObject({ accepted: false, status: 409 });
  });

  it('under FULL_TRANSITIVE refuses removing a field that has no default', async () => {
    const subject = uniqueSubject('full-transitive-removal');
    await registry.register(v1, { subject, compatibility: COMPATIBILITY.FULL_TRANSITIVE });

    const withoutNights = avro([{ name: 'recordId', type: 'string' }]);

    const refused = await outcome(registry.register(withoutNights, { subject, compatibility: COMPATIBILITY.FULL_TRANSITIVE }));

    expect(refused).toMatchObject({ accepted: false, status: 409 });
  });

  it('tells a test whether a schema is compatible without registering it', async () => {
    const subject = uniqueSubject('check');
    await registry.register(v1, { subject, compatibility: COMPATIBILITY.BACKWARD });
    const check = async (candidate: { schema: string }) => {
      const response = await fetch(`${baseUrl}/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest`, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
        body: JSON.stringify({ schema: candidate.schema }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { is_compatible: boolean }).is_compatible;
    };

    expect(await check(withOptionalNotes)).toBe(true);
    expect(await check(withRequiredHotel)).toBe(false);
  });
});
