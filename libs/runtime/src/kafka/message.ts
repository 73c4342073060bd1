// The shapes handlers see and return: decoded inbound messages and typed outbound messages.
import type { RecordSchema } from './avro-serde.js';

/** Header naming the full Avro record name of the value (useful to tools that do not decode Avro). */
export const HEADER_MESSAGE_TYPE = 'message-type';

/** A consumed message, decoded once at the edge. */
export interface InboundMessage<T = unknown> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly timestamp: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Short record name of the value (e.g. `RecordCreated`); `null` for a tombstone. */
  readonly type: string | null;
  /** Decoded value; `null` for a tombstone. */
  readonly value: T | null;
  readonly correlationId: string;
}

/** A message to produce: its value encoded with `schema`, or a tombstone when `value` is null. */
export interface OutboundMessage<T = unknown> {
  readonly topic: string;
  readonly key: string;
  readonly schema: RecordSchema;
  readonly value: T | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly partition?: number;
  readonly timestamp?: number;
}

/** Builds an outbound message; a small helper so handlers read as data. */
export function message<T>(topic: string, key: string, schema: RecordSchema, value: T | null, headers?: Record<string, string>): OutboundMessage<T> {
  return { topic, key, schema, value, ...(headers ? { headers } : {}) };
}

export function headersToStrings(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined || value === null) continue;
    out[name] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return out;
}
