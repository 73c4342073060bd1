// Registers the catalog's subjects in a Confluent-compatible schema registry: the subject's compatibility
// level is set first, then the self-contained schema is registered (the registry refuses it if it breaks
// compatibility with the subject's earlier versions).
import { SchemaRegistry, SchemaType, type COMPATIBILITY } from '@kafkajs/confluent-schema-registry';
import { subjects, type SubjectSpec } from './topics.js';
import type { TopicName } from './generated/topics.js';
import type { CompatibilityLevel } from './topic-spec.js';
import { avroTypeOptions } from './avro.js';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** A schema registry client with Folio's Avro options (logical types decoded as Date and ISO date strings). */
export function createSchemaRegistry(host: string): SchemaRegistry {
  return new SchemaRegistry({ host }, { forSchemaOptions: avroTypeOptions() });
}

/** Sets a subject's compatibility level (PUT /config/{subject}). */
export async function setSubjectCompatibility(host: string, subject: string, level: CompatibilityLevel): Promise<void> {
  const res = await fetch(`${host.replace(/\/$/, '')}/config/${encodeURIComponent(subject)}`, {
    method: 'PUT',
    headers: { 'content-type': CONTENT_TYPE, accept: CONTENT_TYPE },
    body: JSON.stringify({ compatibility: level }),
  });
  if (!res.ok) {
    throw new Error(`setting compatibility ${level} on subject ${subject} failed: HTTP ${res.status} ${await res.text()}`);
  }
}

export interface RegisteredSubject {
  readonly subject: string;
  readonly id: number;
  readonly compatibility: CompatibilityLevel;
}

/** Registers one subject: compatibility level first, then the schema. Returns the registry's schema id. */
export async function registerSubject(registry: SchemaRegistry, host: string, spec: SubjectSpec): Promise<RegisteredSubject> {
  await setSubjectCompatibility(host, spec.subject, spec.compatibility);
  const { id } = await registry.register(
    { type: SchemaType.AVRO, schema: JSON.stringify(spec.schema) },
    { subject: spec.subject, compatibility: spec.compatibility as COMPATIBILITY },
  );
  return { subject: spec.subject, id, compatibility: spec.compatibility };
}

/** Registers every catalog subject (or those of the given topics), in catalog order. */
export async function registerSubjects(
  host: string,
  options: { topics?: readonly TopicName[]; topicPrefix?: string; registry?: SchemaRegistry } = {},
): Promise<RegisteredSubject[]> {
  const registry = options.registry ?? createSchemaRegistry(host);
  const out: RegisteredSubject[] = [];
  for (const spec of subjects(options)) out.push(await registerSubject(registry, host, spec));
  return out;
}
