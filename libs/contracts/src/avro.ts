// How Folio's Avro values look in JavaScript: avsc leaves logical types as their underlying Avro values
// unless told otherwise, so every reader and writer builds its types with these logical type classes:
// timestamp-millis <-> Date, date <-> 'YYYY-MM-DD', uuid <-> string checked on write.
import avro from 'avsc';
import type { AvroRecordSchema } from './avro-schema.js';

const MS_PER_DAY = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `timestamp-millis` (a long of milliseconds since the epoch) as a JavaScript Date. */
export class TimestampMillisType extends avro.types.LogicalType {
  override _fromValue(value: number): Date {
    return new Date(value);
  }

  override _toValue(value: unknown): number | undefined {
    // undefined tells avsc the value is invalid, so isValid() and the error path name this field.
    return value instanceof Date && !Number.isNaN(value.getTime()) ? value.getTime() : undefined;
  }

  override _resolve(type: avro.Type): ((value: never) => Date) | undefined {
    // A writer with the same logical type already yields a Date (avsc reads through the writer's type).
    if (avro.Type.isType(type, 'logical:timestamp-millis')) return (v: unknown) => v as Date;
    if (avro.Type.isType(type, 'long', 'int')) return (v: number) => this._fromValue(v);
    return undefined;
  }
}

/** `date` (an int of days since 1970-01-01) as an ISO calendar date string, 'YYYY-MM-DD'. */
export class LocalDateType extends avro.types.LogicalType {
  override _fromValue(days: number): string {
    return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
  }

  override _toValue(value: unknown): number | undefined {
    if (typeof value !== 'string') return undefined;
    const m = ISO_DATE.exec(value);
    if (!m) return undefined;
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    // Date.UTC rolls 2026-02-30 over to March; a real calendar date survives the round trip.
    if (new Date(ms).toISOString().slice(0, 10) !== value) return undefined;
    return ms / MS_PER_DAY;
  }

  override _resolve(type: avro.Type): ((value: never) => string) | undefined {
    if (avro.Type.isType(type, 'logical:date')) return (v: unknown) => v as string;
    if (avro.Type.isType(type, 'int')) return (v: number) => this._fromValue(v);
    return undefined;
  }
}

/** `uuid` (a string) kept as a string, but refused on write unless it is a UUID. */
export class UuidType extends avro.types.LogicalType {
  override _fromValue(value: string): string {
    return value;
  }

  override _toValue(value: unknown): string | undefined {
    return typeof value === 'string' && UUID.test(value) ? value : undefined;
  }

  override _resolve(type: avro.Type): ((value: string) => string) | undefined {
    if (avro.Type.isType(type, 'string', 'logical:uuid')) return (v) => v;
    return undefined;
  }
}

/**
 * The logical type classes to hand to avsc everywhere Folio builds a type, e.g.
 * `new SchemaRegistry({ host }, { forSchemaOptions: { logicalTypes: avroLogicalTypes } })`.
 */
export const avroLogicalTypes = {
  'timestamp-millis': TimestampMillisType,
  date: LocalDateType,
  uuid: UuidType,
} as const;

/**
 * avsc options every Folio reader and writer uses. A new object each call: avsc keeps the types it
 * defines in `opts.registry`, so shared options would make a second schema clash with the first.
 */
export function avroTypeOptions(): Partial<avro.ForSchemaOptions> {
  return { logicalTypes: avroLogicalTypes };
}

/** The avsc type of a Folio schema, with Folio's logical types. */
export function avroType(schema: AvroRecordSchema): avro.Type {
  return avro.Type.forSchema(schema as unknown as avro.Schema, avroTypeOptions());
}
