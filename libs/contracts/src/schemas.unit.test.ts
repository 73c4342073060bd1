import { describe, it, expect } from '@jest/globals';
import avro from 'avsc';
import {
  avroType,
  valueSchemas,
  recordFullNames,
  sampleValue,
  RecordCreatedSchema,
  DeadLetterSchema,
  FolioRequestStateSchema,
  type AvroRecordSchema,
  type RecordCreated,
} from './index.js';

const all = Object.entries(valueSchemas) as Array<[string, AvroRecordSchema]>;

function fieldsOf(schema: unknown, visit: (owner: string, field: { name: string; doc?: string }) => void): void {
  if (Array.isArray(schema)) schema.forEach((s) => fieldsOf(s, visit));
  else if (schema && typeof schema === 'object') {
    const s = schema as { type: unknown; name?: string; fields?: Array<{ name: string; doc?: string; type: unknown }>; items?: unknown; values?: unknown };
    if (s.type === 'record' && s.fields) {
      for (const f of s.fields) {
        visit(s.name ?? '?', f);
        fieldsOf(f.type, visit);
      }
    }
    if (s.items) fieldsOf(s.items, visit);
    if (s.values) fieldsOf(s.values, visit);
  }
}

describe('the Avro schemas of @folio/contracts', () => {
  it.each(all)('%s parses with avsc, with and without Folio logical types', (_name, schema) => {
    expect(() => avroType(schema)).not.toThrow();
    expect(() => avro.Type.forSchema(schema as unknown as avro.Schema)).not.toThrow();
  });

  it.each(all)('%s documents every field', (_name, schema) => {
    const undocumented: string[] = [];
    fieldsOf(schema, (owner, f) => {
      if (!f.doc || f.doc.trim() === '') undocumented.push(`${owner}.${f.name}`);
    });
    expect(undocumented).toEqual([]);
  });

  it.each(all)('a full and a minimal sample of %s round-trip through Avro binary', (_name, schema) => {
    const type = avroType(schema);
    for (const variant of ['full', 'minimal'] as const) {
      const value = sampleValue(schema, variant);
      const problems: string[] = [];
      type.isValid(value, { errorHook: (path) => problems.push(path.join('.')) });
      expect(problems).toEqual([]);
      const decoded = type.fromBuffer(type.toBuffer(value)) as Record<string, unknown>;
      expect({ ...decoded }).toEqual(value);
    }
  });

  it('names every value type once, with its type tag equal to the record name', () => {
    for (const [short, full] of Object.entries(recordFullNames)) {
      expect(full.endsWith(`.${short}`)).toBe(true);
      expect(valueSchemas[full].name).toBe(short);
    }
  });

  it('decodes timestamp-millis as Date and date as an ISO date string', () => {
    const type = avroType(RecordCreatedSchema);
    const value: RecordCreated = {
      recordId: '0190f2a4-7b1c-7d2e-8f00-000000000001',
      tenantId: 'acme',
      externalId: 'exp-42',
      guestFirstName: 'Ada',
      guestLastName: 'Lovelace',
      confirmationNumber: 'ABC123',
      stay: { checkIn: '2026-02-28', checkOut: '2026-03-02' },
      hotelPhone: '+15015551234',
      hotelName: null,
      hotelAddress: null,
      hotelTimeZone: 'America/Chicago',
      hotelEmail: null,
      destinationEmail: 'expenses@acme.example',
      notes: null,
      source: 'PRODUCER',
      createdAt: new Date('2026-03-03T10:00:00.000Z'),
    };
    const decoded = type.fromBuffer(type.toBuffer(value)) as RecordCreated;
    expect(decoded.createdAt).toBeInstanceOf(Date);
    expect(decoded.createdAt.toISOString()).toBe('2026-03-03T10:00:00.000Z');
    expect(decoded.stay).toEqual({ checkIn: '2026-02-28', checkOut: '2026-03-02' });
  });

  it('stores a date as days since the epoch and a timestamp as milliseconds, as other Avro readers expect', () => {
    const plain = avro.Type.forSchema(RecordCreatedSchema as unknown as avro.Schema);
    const typed = avroType(RecordCreatedSchema);
    const value = { ...sampleValue(RecordCreatedSchema), stay: { checkIn: '1970-01-02', checkOut: '1970-01-03' }, createdAt: new Date(1234) };
    const raw = plain.fromBuffer(typed.toBuffer(value)) as { stay: { checkIn: number }; createdAt: number };
    expect(raw.stay.checkIn).toBe(1);
    expect(raw.createdAt).toBe(1234);
  });

  it('refuses on write a malformed uuid, an impossible date and a non-Date timestamp, naming the field', () => {
    const type = avroType(RecordCreatedSchema);
    const good = sampleValue(RecordCreatedSchema);
    const paths = (value: unknown): string[] => {
      const out: string[] = [];
      type.isValid(value, { errorHook: (path) => out.push(path.join('.')) });
      return out;
    };
    expect(paths({ ...good, recordId: 'not-a-uuid' })).toEqual(['recordId']);
    expect(paths({ ...good, stay: { checkIn: '2026-02-30', checkOut: '2026-03-02' } })).toEqual(['stay.checkIn']);
    expect(paths({ ...good, createdAt: 1_700_000_000_000 })).toEqual(['createdAt']);
  });

  it('maps an enum symbol a reader does not know to the enum default', () => {
    const writerSchema = JSON.parse(JSON.stringify(RecordCreatedSchema)) as { fields: Array<{ name: string; type: { symbols: string[] } }> };
    const source = writerSchema.fields.find((f) => f.name === 'source');
    source?.type.symbols.push('PARTNER_PORTAL');
    const writer = avroType(writerSchema as unknown as AvroRecordSchema);
    const reader = avroType(RecordCreatedSchema);
    const bytes = writer.toBuffer({ ...sampleValue(RecordCreatedSchema), source: 'PARTNER_PORTAL' });
    const decoded = reader.fromBuffer(bytes, reader.createResolver(writer)) as RecordCreated;
    expect(decoded.source).toBe('UNKNOWN');
  });

  it('keeps the DeadLetter fields the runtime codes against', () => {
    expect(DeadLetterSchema.fields.map((f) => f.name)).toEqual([
      'sourceTopic', 'sourcePartition', 'sourceOffset', 'sourceTimestamp', 'consumerGroup', 'service', 'errorCode',
      'errorMessage', 'errorCause', 'attempts', 'failedAt', 'originalKey', 'originalValue', 'originalHeaders',
    ]);
  });

  it('inlines nested named types once, so a state schema stands alone', () => {
    const text = JSON.stringify(FolioRequestStateSchema);
    // StayDates is defined once (inside FolioRequest) and referenced by full name where FolioDocument uses it again.
    expect(text.match(/"name":"StayDates"/g)).toHaveLength(1);
    expect(text).toContain('"io.folio.common.StayDates"');
    expect(() => avro.Type.forSchema(FolioRequestStateSchema as unknown as avro.Schema)).not.toThrow();
  });
});
