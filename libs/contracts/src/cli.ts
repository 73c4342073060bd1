#!/usr/bin/env node
// folio-schemas: registers the catalog's subjects, checks schema compatibility locally, records released
// schema versions, and creates the catalog's topics on a Kafka cluster.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { checkSubjects, loadReleased, releaseSchemas } from './compatibility.js';
import { registerSubjects } from './registry.js';
import { createTopics } from './kafka-topics.js';
import { subjects } from './topics.js';
import { TOPIC_MIN_INSYNC_REPLICAS } from './generated/topics.js';

const USAGE = `usage: folio-schemas <command> [options]

commands:
  register   set each catalog subject's compatibility level, then register its schema
             --registry URL (default $SCHEMA_REGISTRY_URL)  --topic-prefix P
  check      check every subject against its released versions (schemas/_released) at its level
             --released DIR (default $FOLIO_ROOT/schemas/_released)
  release    record the current schema of every changed value type as its next released version
             --released DIR
  subjects   list every subject with its compatibility level
  topics     create the catalog's topics that do not exist (existing topics are left alone)
             --brokers LIST (default $KAFKA_BROKERS or 127.0.0.1:19092)  --topic-prefix P
             --replication-factor N (default 1)
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      registry: { type: 'string' },
      released: { type: 'string' },
      brokers: { type: 'string' },
      'topic-prefix': { type: 'string' },
      'replication-factor': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  const root = process.env['FOLIO_ROOT'] ?? process.cwd();
  const releasedDir = values.released ?? join(root, 'schemas', '_released');
  const topicPrefix = values['topic-prefix'] ?? '';

  switch (command) {
    case 'register': {
      const host = values.registry ?? process.env['SCHEMA_REGISTRY_URL'];
      if (!host) {
        console.error('register needs --registry or SCHEMA_REGISTRY_URL');
        return 2;
      }
      for (const r of await registerSubjects(host, { topicPrefix })) console.log(`${r.subject}\tid ${r.id}\t${r.compatibility}`);
      return 0;
    }
    case 'check': {
      const results = checkSubjects(loadReleased(releasedDir), subjects({ topicPrefix }));
      let failed = 0;
      for (const r of results) {
        if (r.problems.length === 0) continue;
        failed++;
        console.error(`INCOMPATIBLE ${r.subject.subject} (${r.subject.compatibility}):\n  ${r.problems.join('\n  ')}`);
      }
      const fresh = results.filter((r) => r.releasedVersions === 0).map((r) => r.subject.subject);
      if (fresh.length > 0) console.log(`not released yet (nothing to compare): ${fresh.join(', ')}`);
      console.log(`${results.length - failed} of ${results.length} subjects compatible with ${releasedDir}`);
      return failed === 0 ? 0 : 1;
    }
    case 'release': {
      const written = releaseSchemas(releasedDir);
      for (const f of written) console.log(`released ${f}`);
      if (written.length === 0) console.log('every value type matches its latest released version');
      return 0;
    }
    case 'subjects': {
      for (const s of subjects({ topicPrefix })) console.log(`${s.subject}\t${s.compatibility}`);
      return 0;
    }
    case 'topics': {
      const brokers = (values.brokers ?? process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
      const replicationFactor = Number(values['replication-factor'] ?? '1');
      const kafka = new Kafka({ clientId: 'folio-schemas', brokers, logLevel: logLevel.WARN });
      const admin = kafka.admin();
      await admin.connect();
      try {
        const r = await createTopics(admin, { topicPrefix, replicationFactor, minInsyncReplicas: TOPIC_MIN_INSYNC_REPLICAS });
        for (const t of r.created) console.log(`created ${t}`);
        for (const t of r.existing) console.log(`exists  ${t}`);
      } finally {
        await admin.disconnect();
      }
      return 0;
    }
    default:
      console.error(USAGE);
      return command === undefined || values.help ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
