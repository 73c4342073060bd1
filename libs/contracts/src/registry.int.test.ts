import { describe, it, expect, beforeAll } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { createSchemaRegistry, registerSubject, registerSubjects, type RegisteredSubject } from './registry.js';
import { compatibilityProblems, loadReleased } from './compatibility.js';
import { subjects, sampleValue, RecordCreatedSchema, type AvroRecordSchema, type RecordCreated, type SubjectSpec } from './index.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const host = (process.env['SCHEMA_REGISTRY_URL'] ?? '').replace(/\/+$/, '');
const prefix = `t-${randomUUID().slice(0, 8)}.`;
const released = loadReleased(join(fileURLToPath(import.meta.url), '..', '..', '..', '..', 'schemas', '_released'));

async function subjectCompatibility(subject: string): Promise<string> {
  const res = await fetch(`${host}/config/${encodeURIComponent(subject)}`);
  const body = (await res.json()) as { compatibilityLevel?: string };
  return body.compatibilityLevel ?? `HTTP ${res.status}`;
}

function intakeSubject(): SubjectSpec {
  const spec = subjects({ topics: ['folio.intake.v1'], topicPrefix: prefix }).find((s) => s.recordFullName === 'io.folio.intake.RecordCreated');
  if (!spec) throw new Error('no RecordCreated subject');
  return spec;
}

describe('registering the catalog in the schema registry', () => {
  let registry: SchemaRegistry;
  let registered: RegisteredSubject[];

  beforeAll(async () => {
    if (!host) throw new Error('SCHEMA_REGISTRY_URL is not set: source scripts/infra/env.sh after scripts/infra/registry.sh up');
    registry = createSchemaRegistry(host);
    registered = await registerSubjects(host, { topicPrefix: prefix, registry });
  }, 120_000);

  it('registers every subject under TopicRecordNameStrategy with the catalog compatibility level', async () => {
    expect(registered.map((r) => r.subject)).toEqual(subjects({ topicPrefix: prefix }).map((s) => s.subject));
    for (const r of registered) {
      expect(r.id).toBeGreaterThan(0);
      expect([r.subject, await subjectCompatibility(r.subject)]).toEqual([r.subject, r.compatibility]);
    }
  });

  it('is idempotent: registering again returns the same schema ids', async () => {
    const again = await registerSubjects(host, { topicPrefix: prefix, registry, topics: ['folio.intake.v1', 'folio.records.v1'] });
    for (const r of again) expect(r.id).toBe(registered.find((x) => x.subject === r.subject)?.id);
  });

  it('round-trips a sample of every value type through the registry in the Confluent wire format', async () => {
    for (const r of registered) {
      const spec = subjects({ topicPrefix: prefix }).find((s) => s.subject === r.subject) as SubjectSpec;
      for (const variant of ['full', 'minimal'] as const) {
        const value = sampleValue(spec.schema, variant);
        const bytes = await registry.encode(r.id, value);
        expect(bytes[0]).toBe(0);
        expect(bytes.readInt32BE(1)).toBe(r.id);
        expect({ ...(await registry.decode(bytes)) }).toEqual(value);
      }
    }
  }, 60_000);

  it('refuses an incompatible RecordCreated on the intake subject, as the local check does', async () => {
    const spec = intakeSubject();
    const incompatible: AvroRecordSchema = { ...RecordCreatedSchema, fields: [...RecordCreatedSchema.fields, { name: 'costCentre', type: 'string', doc: 'Cost centre.' }] };
    expect(compatibilityProblems(incompatible, released.get(spec.recordFullName) ?? [], 'FULL_TRANSITIVE')).not.toEqual([]);
    const refusal = registerSubject(registry, host, { ...spec, schema: incompatible });
    await expect(refusal).rejects.toMatchObject({ status: 409 });
    await expect(refusal).rejects.toThrow(/Incompatible/i);
  });

  it('refuses removing a field on the intake subject (FULL_TRANSITIVE) but accepts it on a BACKWARD subject', async () => {
    const intake = intakeSubject();
    const withoutNotes = (schema: AvroRecordSchema): AvroRecordSchema => ({ ...schema, fields: schema.fields.filter((f) => f.name !== 'notes' && f.name !== 'hotelPhone') });
    await expect(registerSubject(registry, host, { ...intake, schema: withoutNotes(intake.schema) })).rejects.toMatchObject({ status: 409 });
    const queued = subjects({ topics: ['folio.record-events.v1'], topicPrefix: prefix }).find((s) => s.recordFullName === 'io.folio.records.RecordQueued') as SubjectSpec;
    const removed = { ...queued.schema, fields: queued.schema.fields.filter((f) => f.name !== 'notBefore') };
    expect(compatibilityProblems(removed, released.get(queued.recordFullName) ?? [], 'BACKWARD')).toEqual([]);
    await expect(registerSubject(registry, host, { ...queued, schema: removed })).resolves.toMatchObject({ compatibility: 'BACKWARD' });
  });

  it('accepts a compatible change (an optional field) on the intake subject as a new version', async () => {
    const spec = intakeSubject();
    const compatible: AvroRecordSchema = {
      ...RecordCreatedSchema,
      fields: [...RecordCreatedSchema.fields, { name: 'costCentre', type: ['null', 'string'], doc: 'Cost centre.', default: null }],
    };
    const r = await registerSubject(registry, host, { ...spec, schema: compatible });
    expect(r.id).not.toBe(registered.find((x) => x.subject === spec.subject)?.id);
    // A reader on version 1 decodes what the new writer wrote.
    const bytes = await registry.encode(r.id, { ...sampleValue(RecordCreatedSchema), costCentre: 'CC-7' });
    const decoded = (await registry.decode(bytes, { AVRO: { readerSchema: RecordCreatedSchema as never } } as never)) as RecordCreated;
    expect(decoded.confirmationNumber).toBeDefined();
    expect('costCentre' in decoded).toBe(false);
  });
});
