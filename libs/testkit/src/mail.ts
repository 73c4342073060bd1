// Mail for tests: SMTP and IMAP settings of the mail server named by the SMTP_* and IMAP_* variables, and a
// mailbox read back over IMAP. The local server (GreenMail) accepts any login and makes its mailbox on first use.
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { requireEnv } from './environment.js';
import { uniqueName } from './names.js';

/** Options for nodemailer's SMTP transport: plain SMTP, no authentication (the local server needs none). */
export interface SmtpSettings {
  host: string;
  port: number;
  secure: false;
}

export function smtpSettingsFromEnv(): SmtpSettings {
  return { host: requireEnv('SMTP_HOST'), port: portFromEnv('SMTP_PORT'), secure: false };
}

/** ImapFlow options that log in as `user` (any password works on the local server; the address is used). */
export function imapSettingsFromEnv(user: string): ImapFlowOptions {
  return {
    host: requireEnv('IMAP_HOST'),
    port: portFromEnv('IMAP_PORT'),
    secure: false,
    doSTARTTLS: false,
    auth: { user, pass: user },
    logger: false,
  };
}

/** A recipient address unique to this call, in the reserved .test domain: `<prefix>-<run>-<random>@folio.test`. */
export function testMailAddress(prefix = 'inbox'): string {
  return `${uniqueName(prefix, '-')}@folio.test`;
}

export interface InboxMessage {
  uid: number;
  messageId: string | undefined;
  inReplyTo: string | undefined;
  subject: string | undefined;
  from: string[];
  to: string[];
  date: Date | undefined;
  /** The whole message as received (RFC 5322 text, attachments MIME-encoded). */
  source: string;
}

export interface ReadInboxOptions {
  /** Waits until the inbox holds at least this many messages (default 0: read once). */
  atLeast?: number;
  /** How long to wait for `atLeast` messages before failing (default 10 s). */
  timeoutMs?: number;
}

/** The messages in the INBOX of `address`, oldest first. */
export async function readInbox(address: string, options: ReadInboxOptions = {}): Promise<InboxMessage[]> {
  const atLeast = options.atLeast ?? 0;
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const messages = await fetchInbox(address);
    if (messages.length >= atLeast) return messages;
    if (Date.now() >= deadline) {
      throw new Error(
        `the inbox of ${address} holds ${messages.length} message(s); expected at least ${atLeast} ` +
          `within ${options.timeoutMs ?? 10_000} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function fetchInbox(address: string): Promise<InboxMessage[]> {
  const client = new ImapFlow(imapSettingsFromEnv(address));
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX', { readOnly: true });
    try {
      const mailbox = client.mailbox;
      if (!mailbox || mailbox.exists === 0) return [];
      const messages: InboxMessage[] = [];
      for await (const message of client.fetch('1:*', { uid: true, envelope: true, source: true })) {
        const envelope = message.envelope;
        messages.push({
          uid: message.uid,
          messageId: envelope?.messageId,
          inReplyTo: envelope?.inReplyTo,
          subject: envelope?.subject,
          from: addresses(envelope?.from),
          to: addresses(envelope?.to),
          date: envelope?.date === undefined ? undefined : new Date(envelope.date),
          source: message.source?.toString('utf8') ?? '',
        });
      }
      return messages.sort((a, b) => a.uid - b.uid);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

function portFromEnv(name: string): number {
  const value = requireEnv(name);
  const port = Number(value);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`${name}=${value} is not a TCP port`);
  return port;
}

function addresses(list: { address?: string | undefined }[] | undefined): string[] {
  return (list ?? []).flatMap((entry) => (entry.address ? [entry.address] : []));
}
