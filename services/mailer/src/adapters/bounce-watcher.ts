// Reads the bounce mailbox every BOUNCE_POLL_MS and hands each unseen message to the bounce handler; its
// events go to Kafka before the message is flagged \Seen. One replica reads at a time (a PostgreSQL advisory
// lock), so replicas never publish the same bounce together.
import type { Pool } from '@folio/db';
import type { Logger } from '@folio/logger';
import type { OutboundMessage } from '@folio/runtime';
import type { ImapMailbox } from './imap-mailbox.js';
import type { BounceOutcome } from '../handlers/bounce-message.js';

export interface BounceWatcherDeps {
  readonly mailbox: ImapMailbox;
  readonly pool: Pool;
  readonly handle: (source: string) => Promise<{ outcome: BounceOutcome; kind?: string; messages: OutboundMessage[]; commit?: () => Promise<void> }>;
  readonly publish: (messages: readonly OutboundMessage[]) => Promise<void>;
  readonly logger: Logger;
  readonly intervalMs: number;
  readonly count: (outcome: BounceOutcome, kind: string) => void;
}

const LOCK_KEY = "hashtext('folio.mailer.bounce-watcher')";

export class BounceWatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: BounceWatcherDeps) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.pollOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'reading the bounce mailbox failed; trying again at the next poll'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.deps.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over the unseen messages; returns how many were handled (0 when another replica holds the lock). */
  async pollOnce(): Promise<number> {
    const client = await this.deps.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_KEY}) AS locked`);
      if (!rows[0]?.locked) return 0;
      try {
        return await this.deps.mailbox.drainUnseen(async ({ uid, source }) => {
          const result = await this.deps.handle(source);
          if (result.messages.length > 0) await this.deps.publish(result.messages);
          await result.commit?.();
          this.deps.count(result.outcome, result.kind ?? 'none');
          this.deps.logger.info({ uid, outcome: result.outcome, kind: result.kind }, 'bounce mailbox message handled');
        });
      } finally {
        await client.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`).catch(() => undefined);
      }
    } finally {
      client.release();
    }
  }
}
