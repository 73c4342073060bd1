// What a newly applied request version means for the business metrics: the status it moved into, the channel of
// the last contact (call or email), and for the folio milestones how long after the request was received they came.
// Only the history entries of this version count (an entry's version is the request's version after its event),
// so a redelivered or older state, which the read model does not apply, is never counted twice.
import type { FolioRequestState } from '@folio/contracts';
import { statusName } from './records.js';

export type ContactChannel = 'call' | 'email' | 'none';
export type FolioStage = 'folio_received' | 'delivered';

export interface Milestones {
  /** The status this version moved into ('delivered'), or null when it kept the previous one. */
  readonly enteredStatus: string | null;
  /** The channel of the last contact before or in this version. */
  readonly channel: ContactChannel;
  /** Folio milestones reached in this version, with the seconds since the request was received. */
  readonly timeToFolio: readonly { readonly stage: FolioStage; readonly seconds: number }[];
}

const STAGES: Record<string, FolioStage> = { FolioReceived: 'folio_received', FolioDelivered: 'delivered' };

export function milestonesOf(state: FolioRequestState): Milestones {
  const firstNew = state.history.findIndex((entry) => entry.version === state.version);
  const added = firstNew < 0 ? [] : state.history.slice(firstNew);
  const before = firstNew > 0 ? state.history[firstNew - 1]!.status : null;
  const last = added[added.length - 1];
  let channel: ContactChannel = 'none';
  for (const entry of state.history) {
    if (entry.type !== 'RecordContacted') continue;
    const value = entry.details['channel'];
    if (value === 'CALL') channel = 'call';
    else if (value === 'EMAIL') channel = 'email';
  }
  const timeToFolio = added
    .filter((entry) => STAGES[entry.type] !== undefined)
    .map((entry) => ({ stage: STAGES[entry.type]!, seconds: Math.max(0, (entry.occurredAt.getTime() - state.receivedAt.getTime()) / 1000) }));
  return {
    enteredStatus: last !== undefined && last.status !== before ? statusName(last.status) : null,
    channel,
    timeToFolio,
  };
}
