// The scheduler's own settings, on top of the shared service and Kafka environment.
import { z } from '@folio/config';

export const schedulerEnv = {
  /** Topic holding the timers (compacted; key = timer id). */
  TIMERS_TOPIC: z.string().min(1).default('folio.timers.v1'),
  /** Consumer group of the scheduler replicas. */
  SCHEDULER_GROUP_ID: z.string().min(1).default('folio.scheduler'),
  /** How often due timers are looked for, in ms. */
  TIMER_TICK_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** Most timers fired in one transaction. */
  TIMER_MAX_FIRE_PER_TICK: z.coerce.number().int().min(1).max(10_000).default(500),
};
