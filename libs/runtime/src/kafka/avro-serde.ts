// Typed Avro encode/decode through the schema registry, with writer->reader resolution cached per schema id.
import avro from 'avsc';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { InfraError, PoisonMessageError } from '@folio/errors';
import { avroTypeOptions, fullNameOf, type AvroRecordSchema, type CompatibilityLevel } from '@folio/contracts';
import { decodeWire, encodeWire, topicRecordSubject } from './wire-format.js';

/** An Avro record schema as JSON (what the generated `...Schema` constants of @folio/contracts hold). */
export type RecordSchema = AvroRecordSchema;

export type Compatibility = CompatibilityLevel;

/** A decoded value with the name of the record type it was written as. */
export interface Decoded<T = unknown> {
  readonly typeName: string;
  readonly fullName: string;
  readonly schemaId: number;
  readonly value: T;
}

export function shortNameOf(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

export interface AvroSerdeOptions {
  readonly registryUrl: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** Compatibility level to set on subjects this process registers first; the catalog's level when known. */
  readonly compatibilityFor?: (subject: string) => Compatibility | undefined;
}

function registryError(error: unknown, what: string): Error {
  const status = (error as { status?: number } | null)?.status;
  if (status === 404) return new PoisonMessageError('UNKNOWN_SCHEMA_ID', `${what}: the registry does not know it`, { cause: error });
  if (status === 409) return new PoisonMessageError('INCOMPATIBLE_SCHEMA', `${what}: the registry refused it as incompatible`, { cause: error });
  if (status === 422) return new PoisonMessageError('INVALID_SCHEMA', `${what}: the registry refused it as invalid`, { cause: error });
  return new InfraError('SCHEMA_REGISTRY_UNAVAILABLE', `${what}: ${(error as Error)?.message ?? error}`, { retriable: true, cause: error });
}

/**
 * Encodes values with this process's schema (registered under TopicRecordNameStrategy, once per subject)
 * and decodes any registered writer schema into the reader schema the caller names.
 */
export class AvroSerde {
  readonly registry: SchemaRegistry;
  // Keyed by the schema object, not its name: two versions of one record may meet in a process (tools, tests).
  private readonly readerTypes = new WeakMap<RecordSchema, avro.Type>();
  private readonly subjectIds = new Map<string, Promise<number>>();
  private readonly writerTypes = new Map<number, Promise<{ type: avro.Type; fullName: string }>>();
  private readonly resolvers = new WeakMap<avro.Type, Map<number, ReturnType<avro.Type['createResolver']>>>();

  constructor(private readonly options: AvroSerdeOptions) {
    const auth = options.username && options.password ? { username: options.username, password: options.password } : undefined;
    this.registry = new SchemaRegistry({ host: options.registryUrl, ...(auth ? { auth } : {}) });
  }

  /** The avsc type for a schema (created once per schema object). */
  typeFor(schema: RecordSchema): avro.Type {
    let type = this.readerTypes.get(schema);
    if (!type) {
      type = avro.Type.forSchema(schema as unknown as avro.Schema, avroTypeOptions());
      this.readerTypes.set(schema, type);
    }
    return type;
  }

  /** Registers `schema` under `subject` (idempotent; cached per process) and returns its global id. */
  register(subject: string, schema: RecordSchema): Promise<number> {
    let id = this.subjectIds.get(subject);
    if (!id) {
      id = this.registerWithRetries(subject, schema).catch((error: unknown) => {
        this.subjectIds.delete(subject);
        // Never the consumed message's fault: the chunk is retried, and the failure shows as lag and logs.
        throw new InfraError('SCHEMA_REGISTRATION_FAILED', `registering ${subject}: ${(error as Error)?.message ?? error}`, { retriable: true, cause: error });
      });
      this.subjectIds.set(subject, id);
    }
    return id;
  }

  /** Two replicas registering a new subject at once can see a conflict that a second try resolves. */
  private async registerWithRetries(subject: string, schema: RecordSchema, attempts = 3): Promise<number> {
    const compatibility = this.options.compatibilityFor?.(subject);
    for (let attempt = 1; ; attempt++) {
      try {
        const r = await this.registry.register(
          { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
          { subject, ...(compatibility ? { compatibility: compatibility as never } : {}) },
        );
        return r.id;
      } catch (error) {
        if (attempt >= attempts) throw error;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  }

  /** Encodes `value` as `schema` for `topic` in the wire format. Invalid values fail with the paths at fault. */
  async encode(topic: string, schema: RecordSchema, value: unknown): Promise<Buffer> {
    const type = this.typeFor(schema);
    const paths: string[] = [];
    if (!type.isValid(value, { errorHook: (path) => paths.push(path.join('.') || '(root)') })) {
      throw new PoisonMessageError('INVALID_MESSAGE', `${fullNameOf(schema)} value is invalid at: ${paths.join(', ')}`, {
        details: { paths },
      });
    }
    const id = await this.register(topicRecordSubject(topic, fullNameOf(schema)), schema);
    return encodeWire(id, type.toBuffer(value));
  }

  private writer(schemaId: number): Promise<{ type: avro.Type; fullName: string }> {
    let writer = this.writerTypes.get(schemaId);
    if (!writer) {
      writer = this.registry
        .getSchema(schemaId)
        .then((schema) => {
          // The SDK hands back an avsc type; rebuild it from its schema so resolution sees plain types.
          const type = avro.Type.forSchema((schema as unknown as avro.Type).schema() as avro.Schema);
          return { type, fullName: type.name ?? '(anonymous)' };
        })
        .catch((error: unknown) => {
          this.writerTypes.delete(schemaId);
          throw registryError(error, `schema id ${schemaId}`);
        });
      this.writerTypes.set(schemaId, writer);
    }
    return writer;
  }

  /**
   * Decodes wire-format bytes into the reader schema whose full name matches the writer's record name.
   * Bytes that are not wire format, unknown schema ids, unexpected types and unreadable bodies are poison.
   */
  async decode<T = unknown>(bytes: Buffer, readers: ReadonlyMap<string, RecordSchema>): Promise<Decoded<T>> {
    const { schemaId, body } = decodeWire(bytes);
    const writer = await this.writer(schemaId);
    const readerSchema = readers.get(writer.fullName);
    if (!readerSchema) {
      throw new PoisonMessageError(
        'UNEXPECTED_MESSAGE_TYPE',
        `${writer.fullName} (schema id ${schemaId}) is not a type this consumer reads (${[...readers.keys()].join(', ')})`,
      );
    }
    const readerType = this.typeFor(readerSchema);
    let byWriter = this.resolvers.get(readerType);
    if (!byWriter) {
      byWriter = new Map();
      this.resolvers.set(readerType, byWriter);
    }
    let resolver = byWriter.get(schemaId);
    if (!resolver) {
      try {
        resolver = readerType.createResolver(writer.type);
      } catch (error) {
        throw new PoisonMessageError('INCOMPATIBLE_SCHEMA', `schema id ${schemaId} cannot be read as ${writer.fullName}: ${(error as Error).message}`, { cause: error });
      }
      byWriter.set(schemaId, resolver);
    }
    try {
      const value = readerType.fromBuffer(body, resolver as never) as T;
      return { typeName: shortNameOf(writer.fullName), fullName: writer.fullName, schemaId, value };
    } catch (error) {
      throw new PoisonMessageError('UNDECODABLE_MESSAGE', `body does not decode as ${writer.fullName} (schema id ${schemaId}): ${(error as Error).message}`, { cause: error });
    }
  }
}
