// Arming and cancelling durable timers: a Timer on folio.timers.v1 carries the message to publish at its
// due time, already encoded, so the scheduler publishes it without knowing its type.
import { TimerSchema, type Timer, type TimerPurpose } from '@folio/contracts';
import type { AvroSerde } from './avro-serde.js';
import type { OutboundMessage } from './message.js';

export const TIMERS_TOPIC = 'folio.timers.v1';

export interface ArmTimer {
  readonly timerId: string;
  readonly dueAt: Date;
  readonly purpose: TimerPurpose;
  readonly createdBy: string;
  readonly recordId?: string | null;
  readonly now: Date;
}

/** The Timer message that publishes `message` at `dueAt` (re-arming the same timerId replaces it). */
export async function armTimer(serde: AvroSerde, timer: ArmTimer, message: OutboundMessage, topic = TIMERS_TOPIC): Promise<OutboundMessage<Timer>> {
  const value: Timer = {
    timerId: timer.timerId,
    dueAt: timer.dueAt,
    purpose: timer.purpose,
    topic: message.topic,
    key: message.key,
    value: message.value === null ? null : await serde.encode(message.topic, message.schema, message.value),
    headers: { ...message.headers },
    recordId: timer.recordId ?? null,
    createdBy: timer.createdBy,
    createdAt: timer.now,
  };
  return { topic, key: timer.timerId, schema: TimerSchema, value };
}

/** The tombstone that cancels a timer. */
export function cancelTimer(timerId: string, topic = TIMERS_TOPIC): OutboundMessage<Timer> {
  return { topic, key: timerId, schema: TimerSchema, value: null };
}
