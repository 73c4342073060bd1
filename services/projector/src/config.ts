// The projector's own settings, on top of the shared service and Kafka environment.
import { booleanFromString, z } from '@folio/config';

export const projectorEnv = {
  /** PostgreSQL holding the read models (migrated at start). */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  /** Most PostgreSQL connections of one replica. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** Run the schema migrations at start (replicas queue on an advisory lock). */
  MIGRATE_ON_START: booleanFromString.default(true),
  /** Consumer group of the projector replicas; a rebuild uses a fresh one (see mk/projections.mk). */
  PROJECTOR_GROUP_ID: z.string().min(1).default('folio.projector'),
  /** Publish RecordStatus for changed requests; a rebuild turns it off (the live projector already did). */
  PUBLISH_RECORD_STATUS: booleanFromString.default(true),
  RECORDS_TOPIC: z.string().min(1).default('folio.records.v1'),
  BATCHES_TOPIC: z.string().min(1).default('folio.batches.v1'),
  CALLS_TOPIC: z.string().min(1).default('folio.calls.v1'),
  HOTELS_TOPIC: z.string().min(1).default('folio.hotels.v1'),
  RECORD_STATUS_TOPIC: z.string().min(1).default('folio.record-status.v1'),
  /** Where messages the projector cannot read go (undecodable, unexpected type, no key). */
  DEAD_LETTER_TOPIC: z.string().min(1).default('folio.dlq.v1'),
};
