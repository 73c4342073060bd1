// IMAP access to one mailbox (imapflow): the sent-copy mailbox is searched by Message-ID; the bounce mailbox
// is read for unseen messages, which are flagged \Seen once handled.
import { ImapFlow } from 'imapflow';
import { InfraError } from '@folio/errors';

export interface ImapSettings {
  readonly host: string;
  readonly port: number;
  readonly tls: 'off' | 'starttls' | 'on';
  readonly rejectUnauthorized: boolean;
  readonly user: string;
  readonly password: string;
  readonly mailbox: string;
}

export interface UnseenMessage {
  readonly uid: number;
  readonly source: string;
}

export class ImapMailbox {
  constructor(private readonly settings: ImapSettings) {}

  private async withMailbox<T>(readOnly: boolean, use: (client: ImapFlow) => Promise<T>): Promise<T> {
    const s = this.settings;
    const client = new ImapFlow({
      host: s.host,
      port: s.port,
      secure: s.tls === 'on',
      doSTARTTLS: s.tls === 'starttls' ? true : s.tls === 'off' ? false : undefined,
      tls: { rejectUnauthorized: s.rejectUnauthorized },
      auth: { user: s.user, pass: s.password },
      logger: false,
    });
    // An idle connection error must not crash the process; the operation in hand fails instead.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      throw new InfraError('IMAP_UNAVAILABLE', `cannot open the mailbox of ${s.user} at ${s.host}:${s.port}`, { cause: error, retriable: true });
    }
    try {
      const lock = await client.getMailboxLock(s.mailbox, { readOnly });
      try {
        return await use(client);
      } finally {
        lock.release();
      }
    } catch (error) {
      throw error instanceof InfraError ? error : new InfraError('IMAP_FAILED', `reading the mailbox of ${s.user} failed`, { cause: error, retriable: true });
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  /** Whether a message with this Message-ID (angle brackets included) is in the mailbox. */
  async hasMessageId(messageId: string): Promise<boolean> {
    return this.withMailbox(true, async (client) => {
      if (!client.mailbox || client.mailbox.exists === 0) return false;
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      if (!uids || uids.length === 0) return false;
      // Servers match header text as a substring; confirm the exact value.
      for await (const m of client.fetch(uids, { envelope: true }, { uid: true })) {
        if (m.envelope?.messageId === messageId) return true;
      }
      return false;
    });
  }

  /** Unseen messages, oldest first, handed to `handle` one by one; each is flagged \Seen after `handle` resolves. */
  async drainUnseen(handle: (message: UnseenMessage) => Promise<void>, limit = 50): Promise<number> {
    return this.withMailbox(false, async (client) => {
      if (!client.mailbox || client.mailbox.exists === 0) return 0;
      const uids = ((await client.search({ seen: false }, { uid: true })) || []).sort((a, b) => a - b).slice(0, limit);
      let handled = 0;
      for (const uid of uids) {
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (!message || !message.source) continue;
        await handle({ uid, source: message.source.toString('utf8') });
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        handled++;
      }
      return handled;
    });
  }
}
