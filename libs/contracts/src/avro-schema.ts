// The shape of the Avro schema JSON that @folio/contracts exports (plain data, no avsc dependency).

/** Any Avro type as JSON: a primitive or a full name, a union, or a complex type object. */
export type AvroSchemaNode = string | readonly AvroSchemaNode[] | { readonly type: string; readonly [attribute: string]: unknown };

/** One field of a record schema. */
export type AvroField = {
  readonly name: string;
  readonly type: AvroSchemaNode;
  readonly doc?: string;
  readonly default?: unknown;
};

/** A self-contained record schema: every named type it uses is defined inside it. */
export type AvroRecordSchema = {
  /** Always "record" (typed as string so schemas written inline in tests need no `as const`). */
  readonly type: string;
  readonly name: string;
  readonly namespace: string;
  readonly doc?: string;
  readonly fields: readonly AvroField[];
};

/** The full Avro name (`namespace.name`) of a record schema. */
export function fullNameOf(schema: AvroRecordSchema): string {
  return `${schema.namespace}.${schema.name}`;
}
