// The identifiers replies are matched by: a deterministic Message-ID (<emailId@domain>) and a per-batch reply
// token carried in a plus-addressed Reply-To (folios+<token>@domain). Both are derived from the command alone,
// so a redelivered command produces the same headers.
import { createHash } from 'node:crypto';

const SAFE_LOCAL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/;
const TOKEN = /^[A-Za-z0-9_-]{4,64}$/;

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** `<emailId@domain>`; an emailId that is not a safe local part is replaced by its digest (still one per email). */
export function messageIdFor(emailId: string, domain: string): string {
  const local = SAFE_LOCAL.test(emailId) && !emailId.includes('..') ? emailId : `e-${digest(emailId, 32)}`;
  return `<${local}@${domain}>`;
}

function splitAddress(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

export function domainOf(address: string): string {
  return splitAddress(address).domain;
}

/** The token already in a plus-addressed reply address (`folios+abc123@x` -> `abc123`), if any. */
export function tokenInAddress(address: string): string | null {
  const { local } = splitAddress(address);
  const plus = local.indexOf('+');
  if (plus < 0) return null;
  const token = local.slice(plus + 1);
  return TOKEN.test(token) ? token : null;
}

/**
 * The reply token and plus-addressed Reply-To of an email. A token already in the command's address wins;
 * otherwise it is derived from the batch (one token per batch, the follow-up shares it) or, without a batch,
 * from the email id.
 */
export function replyIdentity(replyToAddress: string, batchId: string | null, emailId: string): { replyToken: string; replyTo: string } {
  const existing = tokenInAddress(replyToAddress);
  if (existing) return { replyToken: existing, replyTo: replyToAddress };
  const replyToken = digest(`folio-reply:${batchId ?? emailId}`, 12);
  const { local, domain } = splitAddress(replyToAddress);
  return { replyToken, replyTo: `${local}+${replyToken}@${domain}` };
}
