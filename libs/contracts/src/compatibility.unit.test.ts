import { describe, it, expect } from '@jest/globals';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSubjects, compatibilityProblems, loadReleased } from './compatibility.js';
import { subjects } from './topics.js';
import type { AvroField, AvroRecordSchema } from './avro-schema.js';

const RELEASED = join(fileURLToPath(import.meta.url), '..', '..', '..', '..', 'schemas', '_released');
const released = loadReleased(RELEASED);

function releasedOf(fullName: string): AvroRecordSchema[] {
  const versions = released.get(fullName);
  if (!versions) throw new Error(`${fullName} has no released version`);
  return versions;
}

function withFields(schema: AvroRecordSchema, edit: (fields: AvroField[]) => AvroField[]): AvroRecordSchema {
  const copy = JSON.parse(JSON.stringify(schema)) as AvroRecordSchema;
  return { ...copy, fields: edit([...copy.fields]) };
}

const recordCreatedV1 = releasedOf('io.folio.intake.RecordCreated').at(-1) as AvroRecordSchema;
const recordQueuedV1 = releasedOf('io.folio.records.RecordQueued').at(-1) as AvroRecordSchema;

describe('the local compatibility check', () => {
  it('finds every current subject compatible with the released versions in schemas/_released', () => {
    const failures = checkSubjects(released).filter((r) => r.problems.length > 0);
    expect(failures.map((f) => `${f.subject.subject}: ${f.problems.join('; ')}`)).toEqual([]);
  });

  it('has a released version of every value type (nothing ships unreleased)', () => {
    expect(checkSubjects(released).filter((r) => r.releasedVersions === 0).map((r) => r.subject.subject)).toEqual([]);
  });

  it('refuses a new required field on the public intake contract (FULL_TRANSITIVE)', () => {
    const changed = withFields(recordCreatedV1, (f) => [...f, { name: 'costCentre', type: 'string', doc: 'Cost centre.' }]);
    const problems = compatibilityProblems(changed, [recordCreatedV1], 'FULL_TRANSITIVE');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/new schema cannot read data written with released version 1/);
  });

  it('refuses removing a required field from the intake contract: old readers still need it', () => {
    const changed = withFields(recordCreatedV1, (f) => f.filter((x) => x.name !== 'confirmationNumber'));
    expect(compatibilityProblems(changed, [recordCreatedV1], 'FULL_TRANSITIVE')).toEqual([
      expect.stringMatching(/released version 1 cannot read data written with the new schema/),
    ]);
    // The same removal is fine where only BACKWARD is asked: new readers ignore the old field.
    expect(compatibilityProblems(changed, [recordCreatedV1], 'BACKWARD')).toEqual([]);
  });

  it('refuses changing a field type', () => {
    const changed = withFields(recordQueuedV1, (f) => f.map((x) => (x.name === 'attempt' ? { ...x, type: 'string' } : x)));
    expect(compatibilityProblems(changed, [recordQueuedV1], 'BACKWARD')).toHaveLength(1);
  });

  it('accepts an optional field with a null default and a new enum symbol at FULL_TRANSITIVE', () => {
    const changed = withFields(recordCreatedV1, (f) => [
      ...f.map((x) =>
        x.name === 'source' ? { ...x, type: { ...(x.type as { type: string }), symbols: ['API', 'CSV_IMPORT', 'PRODUCER', 'OPERATOR', 'UNKNOWN', 'PARTNER'] } } : x,
      ),
      { name: 'costCentre', type: ['null', 'string'], doc: 'Cost centre.', default: null },
    ]);
    expect(compatibilityProblems(changed, [recordCreatedV1], 'FULL_TRANSITIVE')).toEqual([]);
  });

  it('checks every released version when transitive, only the latest otherwise', () => {
    const v2 = withFields(recordQueuedV1, (f) => [...f, { name: 'priority', type: 'int', doc: 'Priority.', default: 0 }]);
    // v3 drops the default again: readable from v2 (which has the field) but not from v1 (which lacks it).
    const v3 = withFields(v2, (f) => f.map((x) => (x.name === 'priority' ? { name: 'priority', type: 'int', doc: 'Priority.' } : x)));
    expect(compatibilityProblems(v3, [recordQueuedV1, v2], 'BACKWARD')).toEqual([]);
    expect(compatibilityProblems(v3, [recordQueuedV1, v2], 'BACKWARD_TRANSITIVE')).toEqual([
      expect.stringMatching(/released version 1/),
    ]);
  });

  it('checks a type at the level of every topic that carries it (the strictest wins)', () => {
    const cancelled = subjects().filter((s) => s.recordFullName === 'io.folio.intake.RecordCancelled');
    expect(cancelled.map((s) => [s.topic, s.compatibility])).toEqual([
      ['folio.intake.v1', 'FULL_TRANSITIVE'],
      ['folio.record-events.v1', 'BACKWARD'],
    ]);
    const v1 = releasedOf('io.folio.intake.RecordCancelled');
    const changed = withFields(v1.at(-1) as AvroRecordSchema, (f) => f.filter((x) => x.name !== 'cancelledBy'));
    const results = checkSubjects(new Map([['io.folio.intake.RecordCancelled', v1]]), cancelled.map((s) => ({ ...s, schema: changed })));
    expect(results.map((r) => r.problems.length > 0)).toEqual([true, false]);
  });
});
