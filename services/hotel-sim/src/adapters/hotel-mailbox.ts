// A simulated hotel's mailbox over IMAP (imapflow): the messages not yet handled, and flags that mark them
// handled (\Seen; \Answered once the answer went out), so each request is answered once, across restarts too.
// One short session per call, always closed with LOGOUT (GreenMail keeps a connection dropped without it busy).
import { ImapFlow } from 'imapflow';

export interface ImapServer {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** The password of every hotel mailbox (the local server accepts any; the login is the hotel's address). */
  readonly password?: string;
}

export interface MailboxMessage {
  readonly uid: number;
  /** UIDVALIDITY of INBOX: with the uid, names the message for good. */
  readonly uidValidity: string;
  readonly source: Buffer;
  /** When the server received it (IMAP INTERNALDATE). */
  readonly receivedAt: Date;
}

export type HandledFlag = '\\Seen' | '\\Answered';

export interface HotelMailbox {
  /** INBOX messages neither seen nor answered, oldest first. */
  unhandled(address: string): Promise<MailboxMessage[]>;
  /** Adds the flags to the message (kept if the message is gone). */
  mark(address: string, message: Pick<MailboxMessage, 'uid' | 'uidValidity'>, flags: readonly HandledFlag[]): Promise<void>;
}

export function imapHotelMailbox(server: ImapServer): HotelMailbox {
  const session = async <T>(address: string, work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({
      host: server.host,
      port: server.port,
      secure: server.tls,
      doSTARTTLS: server.tls ? undefined : false,
      auth: { user: address, pass: server.password ?? address },
      logger: false,
    });
    await client.connect();
    try {
      const lock = await client.getMailboxLock('INBOX');
      try {
        return await work(client);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  return {
    unhandled: (address) =>
      session(address, async (client) => {
        const mailbox = client.mailbox;
        if (!mailbox || mailbox.exists === 0) return [];
        const uids = await client.search({ seen: false, answered: false }, { uid: true });
        if (!uids || uids.length === 0) return [];
        const messages: MailboxMessage[] = [];
        for await (const m of client.fetch(uids, { uid: true, source: true, internalDate: true }, { uid: true })) {
          if (!m.source) continue;
          messages.push({
            uid: m.uid,
            uidValidity: String(mailbox.uidValidity),
            source: m.source,
            receivedAt: m.internalDate ? new Date(m.internalDate) : new Date(),
          });
        }
        return messages.sort((a, b) => a.uid - b.uid);
      }),
    mark: (address, message, flags) =>
      session(address, async (client) => {
        if (client.mailbox && String(client.mailbox.uidValidity) !== message.uidValidity) return;
        await client.messageFlagsAdd(String(message.uid), [...flags], { uid: true });
      }),
  };
}
