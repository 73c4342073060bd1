import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, ConfigResourceTypes, type Admin } from 'kafkajs';
import { createTopics } from './kafka-topics.js';
import { topics, topicConfigs, type TopicName } from './index.js';

const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const prefix = `t-${randomUUID().slice(0, 8)}.`;
const names = Object.keys(topics) as TopicName[];

describe('createTopics against the local broker', () => {
  let admin: Admin;

  beforeAll(async () => {
    admin = new Kafka({ clientId: 'contracts-int-test', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  });

  afterAll(async () => {
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    await admin.disconnect();
  });

  it('creates every catalog topic with its partitions, cleanup policy, retention and compaction lag', async () => {
    const result = await createTopics(admin, { topicPrefix: prefix, replicationFactor: 1, minInsyncReplicas: 2 });
    expect(result.created.sort()).toEqual(names.map((n) => prefix + n).sort());
    expect(result.existing).toEqual([]);

    const metadata = await admin.fetchTopicMetadata({ topics: names.map((n) => prefix + n) });
    for (const t of metadata.topics) {
      expect([t.name, t.partitions.length]).toEqual([t.name, topics[t.name.slice(prefix.length) as TopicName].partitions]);
    }

    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: names.map((n) => ({ type: ConfigResourceTypes.TOPIC, name: prefix + n, configNames: ['cleanup.policy', 'retention.ms', 'min.compaction.lag.ms'] })),
    });
    for (const resource of described.resources) {
      const spec = topics[resource.resourceName.slice(prefix.length) as TopicName];
      const actual = Object.fromEntries(resource.configEntries.filter((c) => !c.isDefault).map((c) => [c.configName, c.configValue]));
      // A single broker cannot honour min.insync.replicas=2, so the local topics leave it unset.
      expect([spec.name, actual]).toEqual([spec.name, topicConfigs(spec, { replicationFactor: 1, minInsyncReplicas: 2 })]);
    }
  });

  it('leaves existing topics alone when run again', async () => {
    const again = await createTopics(admin, { topicPrefix: prefix, replicationFactor: 1 });
    expect(again.created).toEqual([]);
    expect(again.existing.sort()).toEqual(names.map((n) => prefix + n).sort());
  });
});
