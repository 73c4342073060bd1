// Watches the Folio inbox over IMAP (imapflow): one session at a time holds INBOX open in IDLE, drains every
// message in it on start, on each new-mail notification and on a safety poll, and moves each handled message
// to the folder the handler names (Processed / Review). A dropped connection is reopened with exponential
// backoff; nothing is lost, because a message leaves INBOX only after it was handled, and nothing is
// published twice, because the handler remembers every Message-ID it handled (PostgreSQL).
import { setTimeout as sleep } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import type { Logger } from '@folio/logger';

export interface ImapSettings {
  readonly host: string;
  readonly port: number;
  readonly tls: 'off' | 'starttls' | 'on';
  readonly rejectUnauthorized: boolean;
  readonly user: string;
  readonly password: string;
  readonly mailbox: string;
  readonly processedFolder: string;
  readonly reviewFolder: string;
}

export interface FetchedMessage {
  readonly uid: number;
  readonly source: Buffer;
  /** When the server received it (IMAP INTERNALDATE). */
  readonly receivedAt: Date;
}

/** Handles one message and names the folder it goes to; throws to leave it in the inbox for the next pass. */
export type MessageHandler = (message: FetchedMessage) => Promise<{ folder: string }>;

export interface WatcherOptions {
  readonly settings: ImapSettings;
  readonly handle: MessageHandler;
  readonly logger: Logger;
  /** Backoff of reconnects: first delay, doubled up to the maximum. */
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  /** Longest wait for the connection, greeting, login and opening the inbox before trying again. */
  readonly connectTimeoutMs: number;
  /** Drain INBOX this often even without a notification (a missed IDLE update, a message that failed). */
  readonly pollMs: number;
  /** A message whose handling failed this many times in a row goes to the review folder unhandled. */
  readonly maxAttempts: number;
  readonly onReconnect?: () => void;
  readonly onFailure?: (stage: 'connect' | 'message' | 'poison') => void;
  /** Each time the session is open and INBOX drained (tests wait for it). */
  readonly onReady?: () => void;
}

export class ImapWatcher {
  private stopped = false;
  private running: Promise<void> | undefined;
  private client: ImapFlow | undefined;
  private wake: (() => void) | undefined;
  private readonly failures = new Map<number, number>();
  private connected = false;

  constructor(private readonly options: WatcherOptions) {}

  isConnected(): boolean {
    return this.connected;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Logs out (GreenMail and others keep a connection closed without LOGOUT busy) and waits for the loop to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private newClient(): ImapFlow {
    const s = this.options.settings;
    return new ImapFlow({
      host: s.host,
      port: s.port,
      secure: s.tls === 'on',
      doSTARTTLS: s.tls === 'starttls' ? true : s.tls === 'off' ? false : undefined,
      tls: { rejectUnauthorized: s.rejectUnauthorized },
      auth: { user: s.user, pass: s.password },
      logger: false,
      connectionTimeout: this.options.connectTimeoutMs,
      greetingTimeout: this.options.connectTimeoutMs,
      // Restart IDLE now and then: some servers and middleboxes drop an IDLE connection silent for long.
      maxIdleTime: 5 * 60_000,
    });
  }

  private async loop(): Promise<void> {
    const { logger } = this.options;
    let attempt = 0;
    let first = true;
    while (!this.stopped) {
      if (!first) {
        this.options.onReconnect?.();
        const delay = Math.min(this.options.reconnectMaxMs, this.options.reconnectMinMs * 2 ** Math.min(attempt, 20));
        logger.warn({ attempt, delayMs: delay }, 'IMAP connection lost; reconnecting');
        await this.pause(delay);
        if (this.stopped) break;
      }
      first = false;
      const client = this.newClient();
      this.client = client;
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
      client.on('error', (error: unknown) => logger.warn({ err: error }, 'IMAP connection error'));
      let timer: NodeJS.Timeout | undefined;
      try {
        // The whole opening is bounded: a server that accepts the connection and then stalls is tried again.
        await Promise.race([
          (async () => {
            await client.connect();
            await this.ensureFolders(client);
            await client.mailboxOpen(this.options.settings.mailbox);
          })(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`opening the inbox took longer than ${this.options.connectTimeoutMs} ms`)), this.options.connectTimeoutMs);
          }),
        ]);
      } catch (error) {
        attempt++;
        this.options.onFailure?.('connect');
        logger.warn({ err: error, host: this.options.settings.host, port: this.options.settings.port }, 'cannot open the inbox');
        await this.close(client);
        continue;
      } finally {
        clearTimeout(timer);
      }
      attempt = 0;
      this.connected = true;
      logger.info({ mailbox: this.options.settings.mailbox }, 'inbox open; waiting for mail (IDLE)');
      await this.session(client, closed);
      this.connected = false;
      await this.close(client);
    }
  }

  /** Drains INBOX whenever there is cause to, until the connection closes or the watcher stops. */
  private async session(client: ImapFlow, closed: Promise<void>): Promise<void> {
    let pending = true;
    let isClosed = false;
    void closed.then(() => {
      isClosed = true;
      this.wake?.();
    });
    const onExists = () => {
      pending = true;
      this.wake?.();
    };
    client.on('exists', onExists);
    const poll = setInterval(onExists, this.options.pollMs);
    try {
      while (!this.stopped && !isClosed) {
        if (pending) {
          pending = false;
          try {
            await this.drain(client);
            // IDLE at once (imapflow would start it on its own only after 15 s without commands).
            if (client.usable && !client.idling) void client.idle().catch(() => undefined);
            this.options.onReady?.();
          } catch (error) {
            if (isClosed || !client.usable) break;
            this.options.logger.warn({ err: error }, 'draining the inbox failed; trying again at the next poll');
          }
          continue;
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } finally {
      clearInterval(poll);
      client.off('exists', onExists);
    }
  }

  private async drain(client: ImapFlow): Promise<void> {
    const { settings, logger } = this.options;
    if (!client.mailbox || client.mailbox.exists === 0) return;
    const uids = ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
    for (const uid of uids) {
      if (this.stopped) return;
      const fetched = await client.fetchOne(String(uid), { source: true, internalDate: true }, { uid: true });
      if (!fetched || !fetched.source) continue;
      let folder: string;
      try {
        ({ folder } = await this.options.handle({ uid, source: fetched.source, receivedAt: toDate(fetched.internalDate) }));
        this.failures.delete(uid);
      } catch (error) {
        if (!client.usable) throw error;
        this.options.onFailure?.('message');
        // An outage (retriable) keeps the message in the inbox however long it lasts; only a message that
        // itself fails every time is given up.
        const retriable = (error as { retriable?: unknown }).retriable === true;
        const failures = retriable ? 0 : (this.failures.get(uid) ?? 0) + 1;
        if (!retriable) this.failures.set(uid, failures);
        if (retriable || failures < this.options.maxAttempts) {
          logger.warn({ err: error, uid, failures }, 'handling an inbox message failed; it stays in the inbox');
          continue;
        }
        logger.error({ err: error, uid, failures }, 'an inbox message failed every attempt; moved to review unhandled');
        this.options.onFailure?.('poison');
        this.failures.delete(uid);
        folder = settings.reviewFolder;
      }
      await client.messageMove(String(uid), folder, { uid: true });
    }
  }

  private async ensureFolders(client: ImapFlow): Promise<void> {
    const existing = new Set((await client.list()).map((m) => m.path));
    for (const folder of [this.options.settings.processedFolder, this.options.settings.reviewFolder]) {
      if (!existing.has(folder)) await client.mailboxCreate(folder);
    }
  }

  private async close(client: ImapFlow): Promise<void> {
    if (client.usable) await client.logout().catch(() => client.close());
    else client.close();
  }

  private async pause(ms: number): Promise<void> {
    await Promise.race([sleep(ms), new Promise<void>((resolve) => (this.wake = resolve))]);
    this.wake = undefined;
  }
}

function toDate(value: Date | string | undefined): Date {
  if (value instanceof Date) return value;
  const parsed = value ? new Date(value) : new Date();
  return Number.isNaN(parsed.getTime()) ? new Date() : parsed;
}
