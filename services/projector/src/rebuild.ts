// Rebuilds the read models: empties them, then replays the compacted topics from offset 0 with a fresh
// consumer group up to the end offsets seen at the start, and deletes that group. A running projector keeps
// its own group and carries on meanwhile; the version guards make the two writers converge (see ADR 0013).
import { createPool } from '@folio/db';
import { startService } from '@folio/runtime';
import { truncateReadModels } from './adapters/pg-read-models.js';
import { projectorService } from './service.js';

export interface RebuildOptions {
  /** The projector's environment (DATABASE_URL, KAFKA_BROKERS, SCHEMA_REGISTRY_URL, topic names ...). */
  env: Record<string, string | undefined>;
  /** Consumer group of the replay; unique by default. */
  groupId?: string;
  /** Gives up after this long (ms). Default 30 minutes. */
  timeoutMs?: number;
  log?: (message: string) => void;
}

export interface RebuildResult {
  groupId: string;
  /** Messages between offset 0 (or the log start) and the end offsets, per topic. */
  replayed: Record<string, number>;
  durationMs: number;
}

export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const groupId = options.groupId ?? `folio.projector.rebuild-${new Date().toISOString().replace(/[^0-9]/g, '')}`;
  const databaseUrl = options.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');

  const pool = createPool(databaseUrl, { max: 1, applicationName: 'folio-projector-rebuild' });
  try {
    await truncateReadModels(pool);
  } finally {
    await pool.end();
  }
  log(`read models emptied; replaying with consumer group ${groupId}`);

  const service = await startService(projectorService(), {
    env: { ...options.env, PROJECTOR_GROUP_ID: groupId, PUBLISH_RECORD_STATUS: 'false', HTTP_PORT: options.env['HTTP_PORT'] ?? '0' },
    handleSignals: false,
  });
  const config = service.context.config as unknown as Record<string, unknown>;
  const topics = [config['RECORDS_TOPIC'], config['BATCHES_TOPIC'], config['CALLS_TOPIC'], config['HOTELS_TOPIC']].filter(
    (t): t is string => typeof t === 'string',
  );
  const admin = service.context.kafka.kafka.admin();
  await admin.connect();
  const replayed: Record<string, number> = {};
  try {
    const targets = new Map<string, Map<number, bigint>>();
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      targets.set(topic, new Map(offsets.map((o) => [o.partition, BigInt(o.high)])));
      replayed[topic] = offsets.reduce((n, o) => n + Number(BigInt(o.high) - BigInt(o.low)), 0);
    }
    const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
    for (;;) {
      const committed = await admin.fetchOffsets({ groupId, topics });
      const behind = committed.some(({ topic, partitions }) =>
        partitions.some((p) => {
          const target = targets.get(topic)?.get(p.partition) ?? 0n;
          return target > 0n && (p.offset === '-1' ? 0n : BigInt(p.offset)) < target;
        }),
      );
      if (!behind) break;
      if (Date.now() > deadline) throw new Error(`rebuild did not catch up within ${options.timeoutMs ?? 1_800_000} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await service.stop('rebuild finished');
    try {
      await admin.deleteGroups([groupId]);
    } catch {
      // An empty group expires on its own; nothing depends on deleting it now.
    }
    await admin.disconnect();
  }
  log(`replayed ${JSON.stringify(replayed)} in ${Date.now() - started} ms`);
  return { groupId, replayed, durationMs: Date.now() - started };
}
