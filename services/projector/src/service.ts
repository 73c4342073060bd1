// The projector service: one at-least-once consumer over the compacted request, batch, call and hotel topics,
// writing the PostgreSQL read models (version-guarded, so redeliveries change nothing) and publishing
// folio.record-status.v1 for each changed request.
import { BatchSchema, CallSchema, FolioRequestStateSchema, HotelSchema } from '@folio/contracts';
import { createPool, migrate } from '@folio/db';
import { counter, gauge, histogram } from '@folio/metrics';
import type { ServiceDefinition } from '@folio/runtime';
import { PgReadModels } from './adapters/pg-read-models.js';
import { projectorEnv } from './config.js';
import { projectMessageHandler, type ProjectedValue } from './handlers/project-message.js';
import { milestonesOf } from './projections/milestones.js';

export function projectorService(): ServiceDefinition<typeof projectorEnv> {
  return {
    name: 'projector',
    env: projectorEnv,
    produces: ['folio.record-status.v1'],
    async start({ config, kafka, logger, registry, http, onShutdown }) {
      if (config.MIGRATE_ON_START) {
        const applied = await migrate(config.DATABASE_URL);
        if (applied.length > 0) logger.info({ applied }, 'database migrated');
      }
      const pool = createPool(config.DATABASE_URL, {
        max: config.DATABASE_POOL_MAX,
        applicationName: 'folio-projector',
        onIdleError: (error) => logger.warn({ err: error }, 'idle PostgreSQL connection failed'),
      });
      onShutdown(() => pool.end(), 'after-kafka');
      http.addReadinessCheck('postgres', async () => {
        try {
          await pool.query('SELECT 1');
          return true;
        } catch {
          return false;
        }
      });

      const applied = counter(registry, 'folio_projector_messages_total', 'Messages projected, by topic and what they did.', ['topic', 'outcome']);
      const lag = histogram(
        registry,
        'folio_projector_lag_seconds',
        'Time from a state being written to Kafka to its projection in PostgreSQL.',
        ['topic'],
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      );
      // Business metrics (the Folio / Business dashboard): where requests stand, and how they got there.
      const entered = counter(registry, 'folio_projector_status_changes_total', 'Requests that moved into a status, by status and the channel of their last contact (call, email, none).', ['status', 'channel']);
      const timeToFolio = histogram(
        registry,
        'folio_projector_time_to_folio_seconds',
        'From a request being received to its folio arriving (stage folio_received) and being delivered (stage delivered), by the channel of the last contact.',
        ['stage', 'channel'],
        [600, 1800, 3600, 7200, 14_400, 28_800, 43_200, 86_400, 172_800, 259_200, 432_000, 604_800, 1_209_600],
      );
      const requests = gauge(registry, 'folio_projector_requests', 'Requests in the read model by status (counted in PostgreSQL; every replica reports the same numbers).', ['status']);
      const countRequests = async () => {
        try {
          const { rows } = await pool.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM records GROUP BY status');
          requests.reset();
          for (const row of rows) requests.set({ status: row.status }, row.n);
        } catch (error) {
          logger.warn({ err: error }, 'counting requests by status failed; trying again at the next interval');
        }
      };
      await countRequests();
      const counting = setInterval(() => void countRequests(), 30_000);
      counting.unref();
      onShutdown(() => clearInterval(counting), 'before-kafka');

      const project = projectMessageHandler(new PgReadModels(pool), {
        topics: {
          records: config.RECORDS_TOPIC,
          batches: config.BATCHES_TOPIC,
          calls: config.CALLS_TOPIC,
          hotels: config.HOTELS_TOPIC,
          recordStatus: config.RECORD_STATUS_TOPIC,
        },
        publishStatus: config.PUBLISH_RECORD_STATUS,
        onOutcome: (topic, outcome) => applied.inc({ topic, outcome }),
        onApplied: (state) => {
          const m = milestonesOf(state);
          if (m.enteredStatus !== null) entered.inc({ status: m.enteredStatus, channel: m.channel });
          for (const t of m.timeToFolio) timeToFolio.observe({ stage: t.stage, channel: m.channel }, t.seconds);
        },
      });

      const consumer = kafka.consumer<ProjectedValue>({
        groupId: config.PROJECTOR_GROUP_ID,
        topics: [config.RECORDS_TOPIC, config.BATCHES_TOPIC, config.CALLS_TOPIC, config.HOTELS_TOPIC],
        readers: [FolioRequestStateSchema, BatchSchema, CallSchema, HotelSchema],
        delivery: 'at-least-once',
        deadLetterTopic: config.DEAD_LETTER_TOPIC,
        // A new group (first deployment, a rebuild) reads the compacted topics from their start.
        fromBeginning: true,
        handler: async (message) => {
          const out = await project(message);
          lag.observe({ topic: message.topic }, Math.max(0, Date.now() - message.timestamp) / 1000);
          return out;
        },
      });
      await consumer.start();
    },
  };
}
