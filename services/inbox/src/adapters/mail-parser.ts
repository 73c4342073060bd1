// Parses a raw RFC 5322 message (mailparser) into what the matcher reads and the attachments' bytes. A message
// without a Message-ID gets one derived from its bytes, so the same message is still recognised when read again.
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import type { InboundMail } from '../domain/matching/index.js';

export interface ParsedAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
  readonly inlineWithContentId: boolean;
}

export interface ParsedMail {
  /** InboundMail without attachments (they are judged first). */
  readonly mail: Omit<InboundMail, 'attachments'>;
  readonly attachments: readonly ParsedAttachment[];
  /** The Date header, when present and valid. */
  readonly date: Date | null;
}

export async function parseMail(source: Buffer): Promise<ParsedMail> {
  const parsed = await simpleParser(source, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const header = (name: string): string[] => {
    const value = parsed.headers.get(name);
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.map(String);
    if (typeof value === 'object' && 'value' in value) return addresses(value as AddressObject);
    return [String(value)];
  };
  const recipients = [...addresses(parsed.to), ...addresses(parsed.cc), ...header('delivered-to').flatMap(bareAddresses), ...header('x-original-to').flatMap(bareAddresses)];
  const references = parsed.references === undefined ? [] : Array.isArray(parsed.references) ? parsed.references : parsed.references.split(/\s+/).filter(Boolean);
  const text = parsed.text ?? (typeof parsed.html === 'string' ? parsed.html.replace(/<[^>]+>/g, ' ') : '');
  return {
    mail: {
      messageId: parsed.messageId ?? `<sha256-${createHash('sha256').update(source).digest('hex').slice(0, 40)}@inbox.folio.invalid>`,
      inReplyTo: parsed.inReplyTo ?? null,
      references,
      from: addresses(parsed.from)[0] ?? '',
      recipients: [...new Set(recipients.map((r) => r.toLowerCase()))],
      subject: parsed.subject ?? '',
      text,
      autoReply: isAutoReply(header('auto-submitted')[0], header('precedence')[0], header('x-autoreply').length + header('x-autorespond').length > 0),
    },
    attachments: parsed.attachments.map((a, i) => ({
      filename: a.filename ?? `attachment-${i + 1}`,
      contentType: a.contentType || 'application/octet-stream',
      content: a.content,
      inlineWithContentId: a.contentDisposition === 'inline' && Boolean(a.contentId) || a.related === true,
    })),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
  };
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  if (!value) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((o) => o.value.flatMap((a) => [...(a.address ? [a.address] : []), ...(a.group ?? []).flatMap((g) => (g.address ? [g.address] : []))]));
}

function bareAddresses(text: string): string[] {
  return [...text.matchAll(/[^\s<>,;"]+@[^\s<>,;"]+/g)].map((m) => m[0]);
}

/** RFC 3834 Auto-Submitted other than "no", Precedence auto_reply, or the X-Autoreply / X-Autorespond flags. */
export function isAutoReply(autoSubmitted: string | undefined, precedence: string | undefined, flagged: boolean): boolean {
  if (flagged) return true;
  if (autoSubmitted && !/^\s*no\b/i.test(autoSubmitted)) return true;
  return Boolean(precedence && /^\s*auto_reply\b/i.test(precedence));
}
