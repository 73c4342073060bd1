// Fires due timers: per owned partition, the timers' messages and their tombstones go out in one Kafka
// transaction of the partition's fenced producer, so a timer fires once across crashes and rebalances.
import type { Message, Producer } from 'kafkajs';
import type { Timer } from '@folio/contracts';
import type { Logger } from '@folio/logger';
import { counter, gauge, histogram, type Registry } from '@folio/metrics';
import { TimerQueue } from '../domain/timer-queue.js';

export interface TimerSource {
  owns(partition: number): boolean;
  timer(partition: number, timerId: string): Timer | undefined;
  producer(partition: number): Promise<Producer>;
}

export interface TimerFiringOptions {
  readonly timersTopic: string;
  readonly maxPerTick: number;
  readonly now: () => number;
  readonly logger: Logger;
  readonly registry: Registry;
}

export class TimerFiring {
  private readonly queues = new Map<number, TimerQueue>();
  private readonly metrics;

  constructor(
    private readonly source: TimerSource,
    private readonly options: TimerFiringOptions,
  ) {
    const r = options.registry;
    this.metrics = {
      pending: gauge(r, 'folio_timers_pending', 'Timers waiting to fire on this replica.'),
      fired: counter(r, 'folio_timers_fired_total', 'Timers fired, by purpose.', ['purpose']),
      delay: histogram(r, 'folio_timer_fire_delay_seconds', 'Time from a timer being due to its message being published.', [], [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300]),
      overdue: gauge(r, 'folio_timer_oldest_overdue_seconds', 'How long the earliest pending timer has been due; 0 when none is due.'),
      failures: counter(r, 'folio_timer_fire_failures_total', 'Transactions of due timers that failed and will be retried.'),
    };
  }

  /** Mirrors a change of the timers state into the due-time queues. */
  onChange(partition: number, timerId: string, timer: Timer | null): void {
    let q = this.queues.get(partition);
    if (!q) {
      q = new TimerQueue();
      this.queues.set(partition, q);
    }
    if (timer) q.set(timerId, timer.dueAt.getTime());
    else q.remove(timerId);
  }

  onRevoked(partition: number): void {
    this.queues.delete(partition);
  }

  pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.size;
    return n;
  }

  /** One pass over the owned partitions; returns how many timers fired. */
  async tick(): Promise<number> {
    const now = this.options.now();
    let fired = 0;
    let earliest: number | undefined;
    for (const [partition, queue] of this.queues) {
      if (!this.source.owns(partition)) continue;
      const due = queue.takeDue(now, this.options.maxPerTick);
      if (due.length > 0) fired += await this.fire(partition, queue, due, now);
      const next = queue.nextDueAt();
      if (next !== undefined && (earliest === undefined || next < earliest)) earliest = next;
    }
    this.metrics.pending.set(this.pending());
    this.metrics.overdue.set(earliest !== undefined && earliest < now ? (now - earliest) / 1000 : 0);
    return fired;
  }

  private async fire(partition: number, queue: TimerQueue, due: { id: string; dueAt: number }[], now: number): Promise<number> {
    const timers = due.flatMap((d) => {
      const t = this.source.timer(partition, d.id);
      return t && t.dueAt.getTime() === d.dueAt ? [t] : [];
    });
    if (timers.length === 0) return 0;
    const producer = await this.source.producer(partition);
    const tx = await producer.transaction();
    try {
      // One request for the whole tick: the due messages grouped by topic, then the timers' tombstones.
      const byTopic = new Map<string, Message[]>();
      for (const t of timers) {
        const list = byTopic.get(t.topic) ?? [];
        list.push({ key: t.key, value: t.value, headers: { ...t.headers, 'timer-id': t.timerId } });
        byTopic.set(t.topic, list);
      }
      const tombstones: Message[] = timers.map((t) => ({ key: t.timerId, value: null, partition }));
      await tx.sendBatch({
        acks: -1,
        topicMessages: [...[...byTopic].map(([topic, messages]) => ({ topic, messages })), { topic: this.options.timersTopic, messages: tombstones }],
      });
      await tx.commit();
    } catch (error) {
      await tx.abort().catch(() => undefined);
      this.metrics.failures.inc();
      // Still pending: put them back; if the partition moved to another replica, it restores them there.
      for (const t of timers) queue.set(t.timerId, t.dueAt.getTime());
      this.options.logger.warn({ err: error, partition, timers: timers.length }, 'firing due timers failed; will retry');
      return 0;
    }
    for (const t of timers) {
      this.metrics.fired.inc({ purpose: t.purpose });
      this.metrics.delay.observe(Math.max(0, now - t.dueAt.getTime()) / 1000);
    }
    this.options.logger.debug({ partition, fired: timers.length }, 'timers fired');
    return timers.length;
  }
}
