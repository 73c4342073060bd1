// One consumed message -> read-model writes (through PgReadModels) -> the RecordStatus messages to publish.
import { FolioRequestStateSchema, HEADER_TENANT_ID, RecordStatusSchema, type Batch, type Call, type FolioRequestState, type Hotel } from '@folio/contracts';
import { DomainError } from '@folio/errors';
import type { InboundMessage, OutboundMessage } from '@folio/runtime';
import type { PgReadModels, RecordOutcome } from '../adapters/pg-read-models.js';
import { recordStatusOf } from '../projections/records.js';

export interface ProjectorTopics {
  records: string;
  batches: string;
  calls: string;
  hotels: string;
  recordStatus: string;
}

export type ProjectedValue = FolioRequestState | Batch | Call | Hotel;

export interface ProjectOptions {
  topics: ProjectorTopics;
  publishStatus: boolean;
  /** Told what each message did, for metrics. */
  onOutcome?: (topic: string, outcome: RecordOutcome | 'deleted' | 'ignored') => void;
  /** Told each request state the read model took (outcome 'applied'), for the business metrics. */
  onApplied?: (state: FolioRequestState) => void;
}

function keyOf(message: InboundMessage<unknown>): string {
  if (message.key === null || message.key === '') {
    throw new DomainError('MISSING_KEY', `${message.topic} message at offset ${message.offset} has no key`);
  }
  return message.key;
}

/** What the handler needs of the read-model store (PgReadModels in production). */
export type ReadModelWriter = Pick<PgReadModels, 'applyRecordState' | 'eraseRecord' | 'applyBatch' | 'applyCall' | 'deleteCall' | 'applyHotel' | 'deleteHotel'>;

export function projectMessageHandler(models: ReadModelWriter, options: ProjectOptions) {
  const { topics } = options;
  const told = (topic: string, outcome: RecordOutcome | 'deleted' | 'ignored') => options.onOutcome?.(topic, outcome);
  return async (message: InboundMessage<ProjectedValue>): Promise<OutboundMessage[]> => {
    switch (message.topic) {
      case topics.records: {
        if (message.value === null) {
          const recordId = keyOf(message);
          await models.eraseRecord(recordId, {
            erasedAt: new Date(message.timestamp),
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
          });
          told(message.topic, 'deleted');
          // Tombstones on a compacted topic are idempotent: the status is erased too.
          return options.publishStatus ? [{ topic: topics.recordStatus, key: recordId, schema: RecordStatusSchema, value: null }] : [];
        }
        if (message.type !== FolioRequestStateSchema.name) return [];
        const state = message.value as FolioRequestState;
        const outcome = await models.applyRecordState(state);
        told(message.topic, outcome);
        if (outcome === 'applied') options.onApplied?.(state);
        // 'current' too: the row may have been written by an attempt whose offset commit (and status) was lost.
        if (!options.publishStatus || (outcome !== 'applied' && outcome !== 'current')) return [];
        return [
          {
            topic: topics.recordStatus,
            key: state.recordId.toLowerCase(),
            schema: RecordStatusSchema,
            value: recordStatusOf(state),
            headers: { [HEADER_TENANT_ID]: state.tenantId },
          },
        ];
      }
      case topics.batches: {
        if (message.value === null) {
          told(message.topic, 'ignored');
          return [];
        }
        told(message.topic, (await models.applyBatch(message.value as Batch)) ? 'applied' : 'stale');
        return [];
      }
      case topics.calls: {
        if (message.value === null) {
          await models.deleteCall(keyOf(message));
          told(message.topic, 'deleted');
          return [];
        }
        told(message.topic, (await models.applyCall(message.value as Call)) ? 'applied' : 'stale');
        return [];
      }
      case topics.hotels: {
        if (message.value === null) {
          await models.deleteHotel(keyOf(message));
          told(message.topic, 'deleted');
          return [];
        }
        told(message.topic, (await models.applyHotel(message.value as Hotel)) ? 'applied' : 'stale');
        return [];
      }
      default:
        throw new DomainError('UNEXPECTED_TOPIC', `the projector does not read ${message.topic}`);
    }
  };
}
