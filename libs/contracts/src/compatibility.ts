// The local compatibility check: the current schema of every subject against its released versions, with
// avsc's schema resolution (the rules the registry applies), at the level the topic catalog gives.
import { readdirSync, readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import type { AvroRecordSchema } from './avro-schema.js';
import type { CompatibilityLevel } from './topic-spec.js';
import { subjects, type SubjectSpec } from './topics.js';
import { valueSchemas } from './generated/topics.js';

/**
 * Why `current` cannot replace `previous` (oldest first) at `level`; empty when it can.
 * BACKWARD: the new schema reads data written with the old one. FORWARD: the old schema reads data written
 * with the new one. FULL: both. *_TRANSITIVE: against every released version, else the latest only.
 */
export function compatibilityProblems(current: AvroRecordSchema, previous: readonly AvroRecordSchema[], level: CompatibilityLevel): string[] {
  if (level === 'NONE' || previous.length === 0) return [];
  const against = level.endsWith('_TRANSITIVE') ? previous : previous.slice(-1);
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  // Plain types (no logical type classes): compatibility is a property of the Avro types themselves.
  const now = plainType(current);
  const problems: string[] = [];
  for (const old of against) {
    const version = previous.indexOf(old) + 1;
    const then = plainType(old);
    if (backward) {
      const why = resolveProblem(now, then);
      if (why) problems.push(`new schema cannot read data written with released version ${version}: ${why}`);
    }
    if (forward) {
      const why = resolveProblem(then, now);
      if (why) problems.push(`released version ${version} cannot read data written with the new schema: ${why}`);
    }
  }
  return problems;
}

function plainType(schema: AvroRecordSchema): avro.Type {
  return avro.Type.forSchema(schema as unknown as avro.Schema, {});
}

function resolveProblem(reader: avro.Type, writer: avro.Type): string | null {
  try {
    reader.createResolver(writer);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Released versions of every value type, by full name, oldest first: `<dir>/<full name>/<n>.avsc`. */
export function loadReleased(dir: string): Map<string, AvroRecordSchema[]> {
  const out = new Map<string, AvroRecordSchema[]>();
  if (!existsSync(dir)) return out;
  for (const fullName of readdirSync(dir).sort()) {
    const versions = readdirSync(join(dir, fullName))
      .map((f) => /^(\d+)\.avsc$/.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    versions.forEach((v, i) => {
      if (v !== i + 1) throw new Error(`${dir}/${fullName}: released versions are numbered 1..n without gaps (missing ${i + 1})`);
    });
    out.set(fullName, versions.map((v) => JSON.parse(readFileSync(join(dir, fullName, `${v}.avsc`), 'utf8')) as AvroRecordSchema));
  }
  return out;
}

export interface SubjectCheck {
  readonly subject: SubjectSpec;
  /** Released versions the current schema was compared with. */
  readonly releasedVersions: number;
  readonly problems: string[];
}

/**
 * Checks every catalog subject against the released versions of its value type. A type carried by
 * several topics is checked at each topic's level, so the strictest wins.
 */
export function checkSubjects(released: Map<string, AvroRecordSchema[]>, specs: readonly SubjectSpec[] = subjects()): SubjectCheck[] {
  return specs.map((subject) => {
    const previous = released.get(subject.recordFullName) ?? [];
    return { subject, releasedVersions: previous.length, problems: compatibilityProblems(subject.schema, previous, subject.compatibility) };
  });
}

/** Canonical text of a released schema file. */
export function releasedText(schema: AvroRecordSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/**
 * Records the current schema of every value type whose latest released version differs, as the next
 * version. Returns the files written. Run it when a contract change ships, after `check` passed.
 */
export function releaseSchemas(dir: string): string[] {
  const released = loadReleased(dir);
  const written: string[] = [];
  for (const [fullName, schema] of Object.entries(valueSchemas)) {
    const previous = released.get(fullName) ?? [];
    const latest = previous.at(-1);
    if (latest && JSON.stringify(latest) === JSON.stringify(schema)) continue;
    const file = join(dir, fullName, `${previous.length + 1}.avsc`);
    mkdirSync(join(dir, fullName), { recursive: true });
    writeFileSync(file, releasedText(schema));
    written.push(file);
  }
  return written;
}
