// Delivery status notifications (RFC 3464: multipart/report; report-type=delivery-status) read from the
// bounce mailbox: which recipient failed, how (hard 5.x.x or soft 4.x.x), the server's diagnostic, and the
// Message-ID of the original email (from its returned headers) so the bounce finds the email it is about.
// Pure: raw RFC 5322 text in, a typed report out; no MIME library, since only these few parts matter.
import type { BounceKind } from '@folio/contracts';

export interface DsnRecipient {
  readonly finalRecipient: string | null;
  readonly originalRecipient: string | null;
  /** failed | delayed | delivered | relayed | expanded */
  readonly action: string;
  /** Enhanced status code, e.g. 5.1.1. */
  readonly status: string | null;
  readonly diagnostic: string | null;
}

export interface DeliveryStatusReport {
  readonly reportingMta: string | null;
  readonly recipients: readonly DsnRecipient[];
  /** Message-ID of the email that bounced, with angle brackets, when the report returned its headers. */
  readonly originalMessageId: string | null;
  /** The X-Folio-Email-Id header of the original, when returned. */
  readonly originalEmailId: string | null;
}

export interface Bounce {
  readonly kind: BounceKind;
  readonly recipient: string | null;
  readonly status: string | null;
  readonly diagnostic: string | null;
}

interface Part {
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

/** Splits a message (or MIME part) into unfolded headers (last wins, names lower-cased) and body. */
export function parseEntity(raw: string): Part {
  const text = raw.replace(/\r\n/g, '\n');
  const blank = text.search(/\n\n/);
  const head = blank < 0 ? text : text.slice(0, blank);
  const body = blank < 0 ? '' : text.slice(blank + 2);
  return { headers: parseFields(head), body };
}

/** Header-style fields ("Name: value" with folded continuation lines), as in headers and DSN groups. */
export function parseFields(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  let name: string | null = null;
  for (const line of block.split('\n')) {
    if (/^[ \t]/.test(line) && name !== null) {
      fields.set(name, `${fields.get(name)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      name = null;
      continue;
    }
    name = line.slice(0, colon).trim().toLowerCase();
    fields.set(name, line.slice(colon + 1).trim());
  }
  return fields;
}

function contentType(part: Part): { type: string; params: Map<string, string> } {
  const value = part.headers.get('content-type') ?? 'text/plain';
  const [type, ...rest] = value.split(';');
  const params = new Map<string, string>();
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  return { type: type!.trim().toLowerCase(), params };
}

function decodeBody(part: Part): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    return part.body.replace(/=\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return part.body;
}

function splitMultipart(body: string, boundary: string): Part[] {
  const delimiter = `--${boundary}`;
  const parts: Part[] = [];
  const lines = body.split('\n');
  let current: string[] | null = null;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      if (current) parts.push(parseEntity(current.join('\n')));
      current = trimmed === delimiter ? [] : null;
      if (trimmed !== delimiter) break;
      continue;
    }
    current?.push(line);
  }
  return parts;
}

/** Every leaf part, depth first (a report may sit inside a multipart/mixed). */
function leaves(part: Part, depth = 0): Part[] {
  const { type, params } = contentType(part);
  const boundary = params.get('boundary');
  if (type.startsWith('multipart/') && boundary && depth < 5) return splitMultipart(part.body, boundary).flatMap((p) => leaves(p, depth + 1));
  return [part];
}

function addressOf(field: string | undefined): string | null {
  if (!field) return null;
  const value = field.includes(';') ? field.slice(field.indexOf(';') + 1) : field;
  return value.trim().replace(/^<(.*)>$/, '$1') || null;
}

function statusOf(value: string | undefined): string | null {
  const match = value?.match(/\b([245])\.(\d{1,3})\.(\d{1,3})\b/);
  return match ? match[0] : null;
}

/** The report of a DSN, or null when the message is not an RFC 3464 delivery status notification. */
export function parseDeliveryStatus(raw: string): DeliveryStatusReport | null {
  const parts = leaves(parseEntity(raw));
  const status = parts.find((p) => {
    const t = contentType(p).type;
    return t === 'message/delivery-status' || t === 'message/global-delivery-status';
  });
  if (!status) return null;
  const groups = decodeBody(status)
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((g) => parseFields(g.trim()))
    .filter((g) => g.size > 0);
  const [perMessage, ...perRecipient] = groups;
  const recipients = perRecipient
    .filter((g) => g.has('action') || g.has('final-recipient'))
    .map((g) => ({
      finalRecipient: addressOf(g.get('final-recipient')),
      originalRecipient: addressOf(g.get('original-recipient')),
      action: (g.get('action') ?? '').toLowerCase().split(/\s/)[0] ?? '',
      status: statusOf(g.get('status')),
      diagnostic: g.get('diagnostic-code')?.replace(/^\s*smtp\s*;\s*/i, '') ?? null,
    }));
  // The returned original: message/rfc822 (whole) or text/rfc822-headers (headers only).
  const original = parts.find((p) => ['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers'].includes(contentType(p).type));
  const originalHeaders = original ? parseEntity(decodeBody(original)).headers : new Map<string, string>();
  const messageId = originalHeaders.get('message-id')?.match(/<[^<>\s]+>/)?.[0] ?? null;
  return {
    reportingMta: addressOf(perMessage?.get('reporting-mta')),
    recipients,
    originalMessageId: messageId,
    originalEmailId: originalHeaders.get('x-folio-email-id')?.trim() || null,
  };
}

/**
 * The bounce a report means: the first recipient whose delivery failed, hard for 5.x.x and soft for 4.x.x
 * (UNKNOWN without a status). Delays and successes are no bounce (the server is still trying): null.
 */
export function bounceOf(report: DeliveryStatusReport): Bounce | null {
  const failed = report.recipients.find((r) => r.action === 'failed');
  if (!failed) return null;
  const kind: BounceKind = failed.status?.startsWith('5.') ? 'HARD' : failed.status?.startsWith('4.') ? 'SOFT' : 'UNKNOWN';
  return { kind, recipient: failed.finalRecipient ?? failed.originalRecipient, status: failed.status, diagnostic: failed.diagnostic };
}
