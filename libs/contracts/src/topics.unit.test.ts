import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { topics, subjectFor, subjects, topicList, topicConfigs, isTopicName, TOPIC_REPLICAS, type TopicName } from './index.js';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');

describe('the topic catalog', () => {
  it('lists every topic of the architecture plus the dead letter topic', () => {
    const expected = [
      'folio.intake.v1', 'folio.records.v1', 'folio.record-events.v1', 'folio.contact-queue.v1', 'folio.batches.v1',
      'folio.hotels.v1', 'folio.timers.v1', 'folio.call-commands.v1', 'folio.email-commands.v1', 'folio.calls.v1',
      'folio.inbound.v1', 'folio.extractions.v1', 'folio.record-status.v1', 'folio.dlq.v1',
    ];
    for (const name of expected) expect(isTopicName(name)).toBe(true);
  });

  it('uses FULL_TRANSITIVE for compacted topics and the public intake contract, BACKWARD elsewhere', () => {
    for (const t of topicList()) {
      const strict = t.cleanupPolicy === 'compact' || t.name === 'folio.intake.v1';
      expect([t.name, t.compatibility]).toEqual([t.name, strict ? 'FULL_TRANSITIVE' : 'BACKWARD']);
    }
  });

  it('gives compacted topics a min.compaction.lag.ms and keeps them forever', () => {
    for (const t of topicList().filter((x) => x.cleanupPolicy === 'compact')) {
      expect(t.minCompactionLagMs).toBeGreaterThan(0);
      expect(t.retentionMs).toBe(-1);
    }
  });

  it('co-partitions the topics a service joins: same key format, same partition count', () => {
    const groups = new Map<string, Array<{ name: string; partitions: number; format: string }>>();
    for (const t of topicList()) {
      if (t.coPartitionGroup === null) continue;
      groups.set(t.coPartitionGroup, [...(groups.get(t.coPartitionGroup) ?? []), { name: t.name, partitions: t.partitions, format: t.key.format }]);
    }
    const recordId = groups.get('record-id')?.map((t) => t.name) ?? [];
    expect(recordId).toEqual(expect.arrayContaining(['folio.intake.v1', 'folio.records.v1', 'folio.record-outcomes.v1', 'folio.extractions.v1']));
    const phone = groups.get('hotel-phone')?.map((t) => t.name) ?? [];
    expect(phone).toEqual(expect.arrayContaining(['folio.contact-queue.v1', 'folio.batches.v1', 'folio.call-commands.v1', 'folio.hotels.v1']));
    for (const members of groups.values()) {
      expect(new Set(members.map((m) => m.partitions)).size).toBe(1);
      expect(new Set(members.map((m) => m.format)).size).toBe(1);
    }
  });

  it('names subjects with TopicRecordNameStrategy', () => {
    expect(subjectFor('folio.intake.v1', 'io.folio.intake.RecordCreated')).toBe('folio.intake.v1-io.folio.intake.RecordCreated');
    const intake = subjects({ topics: ['folio.intake.v1'], topicPrefix: 't-1.' }).map((s) => s.subject);
    expect(intake).toEqual(['t-1.folio.intake.v1-io.folio.intake.RecordCreated', 't-1.folio.intake.v1-io.folio.intake.RecordCancelled']);
  });

  it('sets cleanup, retention and compaction lag as Kafka configs, and min.insync.replicas only where replicas allow', () => {
    expect(topicConfigs(topics['folio.records.v1'], { replicationFactor: 1, minInsyncReplicas: 2 })).toEqual({
      'cleanup.policy': 'compact',
      'retention.ms': '-1',
      'min.compaction.lag.ms': '86400000',
    });
    expect(topicConfigs(topics['folio.intake.v1'], { replicationFactor: 3, minInsyncReplicas: 2 })).toEqual({
      'cleanup.policy': 'delete',
      'retention.ms': '604800000',
      'min.insync.replicas': '2',
    });
  });

  it('renders one Strimzi KafkaTopic per catalog topic in k8s/topics.yaml', () => {
    const docs = parseAllDocuments(readFileSync(join(ROOT, 'k8s', 'topics.yaml'), 'utf8')).map((d) => d.toJS() as Record<string, any>);
    const byName = new Map(docs.map((d) => [d['spec'].topicName as string, d]));
    expect([...byName.keys()].sort()).toEqual(Object.keys(topics).sort());
    for (const [name, doc] of byName) {
      const spec = topics[name as TopicName];
      expect(doc['apiVersion']).toBe('kafka.strimzi.io/v1beta2');
      expect(doc['kind']).toBe('KafkaTopic');
      expect(doc['metadata'].labels['strimzi.io/cluster']).toBe('folio');
      expect(doc['metadata'].name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(doc['spec'].partitions).toBe(spec.partitions);
      expect(doc['spec'].replicas).toBe(TOPIC_REPLICAS);
      expect(doc['spec'].config).toEqual(topicConfigs(spec, { replicationFactor: TOPIC_REPLICAS, minInsyncReplicas: 2 }));
    }
  });

  it('documents every topic in docs/topics.md', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'topics.md'), 'utf8');
    for (const name of Object.keys(topics)) expect(docs).toContain(`| \`${name}\` |`);
  });
});
