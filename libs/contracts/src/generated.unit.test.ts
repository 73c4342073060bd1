import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSchemas, renderAll, staleFiles, DEFAULT_ROOT } from '../scripts/generate.mjs';

function scratchRoot(files: Record<string, unknown>, catalog?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'folio-schemas-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  if (catalog !== undefined) writeFileSync(join(root, 'schemas', 'topics.yaml'), catalog);
  return root;
}

const okRecord = {
  type: 'record',
  name: 'Thing',
  namespace: 'io.folio.things',
  doc: 'A thing.',
  fields: [{ name: 'id', type: 'string', doc: 'Id.' }],
};

describe('make generate', () => {
  it('has regenerated every file it owns (re-run in memory and compared with the files on disk)', () => {
    expect(staleFiles(DEFAULT_ROOT)).toEqual([]);
  });

  it('renders the same files twice (deterministic output)', () => {
    expect([...renderAll(DEFAULT_ROOT)]).toEqual([...renderAll(DEFAULT_ROOT)]);
  });

  it('refuses a schema without docs, an enum without default, an optional field without null default, listing all at once', () => {
    const root = scratchRoot({
      'schemas/things/Thing.avsc': {
        ...okRecord,
        doc: undefined,
        fields: [
          { name: 'id', type: 'string' },
          { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A', 'B'] }, doc: 'Kind.' },
          { name: 'note', type: ['null', 'string'], doc: 'Note.' },
        ],
      },
    });
    try {
      expect(() => loadSchemas(root)).toThrow(/io.folio.things.Thing has no doc[\s\S]*Thing.id has no doc[\s\S]*"default" symbol[\s\S]*Thing.note: an optional field/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a namespace that does not match the folder, an unknown reference and a duplicate type name', () => {
    const root = scratchRoot({
      'schemas/things/Thing.avsc': { ...okRecord, namespace: 'io.folio.other', fields: [{ name: 'x', type: 'io.folio.things.Missing', doc: 'X.' }] },
      'schemas/stuff/Thing.avsc': { ...okRecord, namespace: 'io.folio.stuff' },
    });
    try {
      expect(() => loadSchemas(root)).toThrow(/namespace is io.folio.things \(found io.folio.other\)/);
      expect(() => loadSchemas(root)).toThrow(/unknown type io.folio.things.Missing/);
      expect(() => loadSchemas(root)).toThrow(/type name Thing is also used/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a catalog whose co-partitioned topics differ in partition count, or a compacted topic without FULL_TRANSITIVE', () => {
    const topic = (name: string, partitions: number, extra = '') => `
  - name: ${name}
    description: d
    key: { name: id, format: string, doc: "Id." }
    values: [Thing]
    partitions: ${partitions}
    cleanupPolicy: delete
    retentionMs: 1000
    compatibility: BACKWARD
    coPartitionGroup: g${extra}`;
    const catalog = `topics:${topic('folio.a.v1', 3)}${topic('folio.b.v1', 6)}${topic('folio.dlq.v1', 3, '\n    minCompactionLagMs: 1').replace('cleanupPolicy: delete', 'cleanupPolicy: compact')}\n`;
    const root = scratchRoot({ 'schemas/things/Thing.avsc': okRecord, 'docs/topics.md': '' }, catalog);
    try {
      expect(() => renderAll(root)).toThrow(/folio.dlq.v1: a compacted topic is replayed from offset 0 and needs FULL_TRANSITIVE[\s\S]*share coPartitionGroup g/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
