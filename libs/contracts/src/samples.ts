// Deterministic sample values of any Folio schema (tests, docs, fixtures): every field filled, optional
// fields either all set ('full') or all null ('minimal'); logical types get valid values.
import type { AvroRecordSchema, AvroSchemaNode } from './avro-schema.js';

type Variant = 'full' | 'minimal';
type Named = { readonly type: string; readonly name?: string; readonly namespace?: string; readonly [k: string]: unknown };

const BASE_TIME = Date.UTC(2026, 0, 15, 9, 30, 0);

export function sampleValue(schema: AvroRecordSchema, variant: Variant = 'full'): Record<string, unknown> {
  const named = new Map<string, Named>();
  let counter = 0;
  const next = (): number => ++counter;

  const sample = (node: AvroSchemaNode, field: string, namespace: string): unknown => {
    if (typeof node === 'string') {
      switch (node) {
        case 'null': return null;
        case 'boolean': return true;
        case 'int': return next();
        case 'long': return next() * 1000;
        case 'float': case 'double': return 0.5;
        case 'bytes': return Buffer.from(`${field}-${next()}`);
        case 'string': return `${field}-${next()}`;
        default: {
          const def = named.get(node.includes('.') ? node : `${namespace}.${node}`);
          if (!def) throw new Error(`sampleValue: unknown type ${node}`);
          return sample(def, field, namespace);
        }
      }
    }
    if (Array.isArray(node)) {
      const branches = node as readonly AvroSchemaNode[];
      const nonNull = branches.find((b) => b !== 'null');
      if (variant === 'minimal' && branches.includes('null')) {
        // Define named types in the branch anyway, so later references by name resolve.
        if (nonNull !== undefined) sample(nonNull, field, namespace);
        return null;
      }
      return nonNull === undefined ? null : sample(nonNull, field, namespace);
    }
    const obj = node as Named;
    if (obj.name !== undefined && ['record', 'enum', 'fixed'].includes(obj.type)) {
      const ns = obj.namespace ?? namespace;
      named.set(obj.name.includes('.') ? obj.name : `${ns}.${obj.name}`, obj);
    }
    switch (obj['logicalType']) {
      case 'timestamp-millis': return new Date(BASE_TIME + next() * 60_000);
      case 'date': return new Date(BASE_TIME + next() * 86_400_000).toISOString().slice(0, 10);
      case 'uuid': return `00000000-0000-4000-8000-${String(next()).padStart(12, '0')}`;
    }
    switch (obj.type) {
      case 'record': {
        const ns = obj.namespace ?? namespace;
        const out: Record<string, unknown> = {};
        for (const f of obj['fields'] as ReadonlyArray<{ name: string; type: AvroSchemaNode }>) out[f.name] = sample(f.type, f.name, ns);
        return out;
      }
      case 'enum': return (obj['symbols'] as readonly string[])[0];
      case 'fixed': return Buffer.alloc(obj['size'] as number);
      case 'array': return [sample(obj['items'] as AvroSchemaNode, field, namespace)];
      case 'map': return { [`${field}Key`]: sample(obj['values'] as AvroSchemaNode, field, namespace) };
      default: return sample(obj.type, field, namespace);
    }
  };
  return sample(schema, schema.name, schema.namespace) as Record<string, unknown>;
}
