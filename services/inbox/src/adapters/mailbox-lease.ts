// One replica reads a mailbox at a time: a PostgreSQL session advisory lock, named after the mailbox, held on a
// dedicated connection while the watcher runs. Another replica tries again every retryMs and takes over when the
// holder stops or its database session ends.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool, PoolClient } from '@folio/db';
import type { Logger } from '@folio/logger';

export interface Leased {
  start(): void;
  stop(): Promise<void>;
}

export class MailboxLease {
  private stopped = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private held = false;

  constructor(
    private readonly pool: Pool,
    private readonly name: string,
    private readonly work: () => Leased,
    private readonly logger: Logger,
    private readonly retryMs: number,
  ) {}

  isHeld(): boolean {
    return this.held;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let client: PoolClient | undefined;
      try {
        client = await this.pool.connect();
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [this.name]);
        if (rows[0]?.locked) await this.lead(client);
      } catch (error) {
        this.logger.warn({ err: error }, 'mailbox lease: database unavailable');
      } finally {
        client?.release(this.held ? true : undefined);
        this.held = false;
      }
      if (this.stopped) break;
      await Promise.race([sleep(this.retryMs), new Promise<void>((resolve) => (this.wake = resolve))]);
    }
  }

  /** Runs the work until stopped or until the lock's session fails. */
  private async lead(client: PoolClient): Promise<void> {
    this.held = true;
    this.logger.info({ mailbox: this.name }, 'mailbox lease taken; this replica reads the inbox');
    const lost = new Promise<void>((resolve) => client.once('error', () => resolve()));
    const work = this.work();
    work.start();
    const check = setInterval(() => void client.query('SELECT 1').catch(() => this.wake?.()), Math.max(this.retryMs, 1_000));
    try {
      await Promise.race([lost, new Promise<void>((resolve) => (this.wake = resolve))]);
    } finally {
      clearInterval(check);
      await work.stop();
      if (this.stopped) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [this.name]).catch(() => undefined);
      this.logger.info({ mailbox: this.name }, 'mailbox lease released');
    }
  }
}
