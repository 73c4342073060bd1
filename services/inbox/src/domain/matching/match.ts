// Matches an inbound email to folio requests, strongest evidence first, each with a confidence; a match is
// accepted at ACCEPT_AT (0.85). Order: the request reference or reply token (plus-address, subject, body),
// In-Reply-To/References against sent request emails, then content (confirmation number with OCR/typing
// noise, guest name tolerant of accents, order and titles) helped by the sender's domain being the hotel's.
// A reply covering several requests is split per request (see assignAttachments). Pure: no I/O.
import type { MatchMethod } from '@folio/contracts';
import { domainOf, plusPart, referenceFor, type InboundMail, type MailAttachment, type OpenRequest, type SentEmail } from './mail.js';
import { canonicalCode, codeCandidates, editDistance, nameWords, words } from './text.js';

export const ACCEPT_AT = 0.85;

/** Confidence of each kind of evidence alone; content evidence is combined as independent signals. */
export const CONFIDENCE = {
  reference: 0.99,
  replyToken: 0.98,
  inReplyTo: 0.97,
  confirmationExact: 0.9,
  confirmationFuzzy: 0.7,
  fullName: 0.65,
  initialAndLastName: 0.55,
  lastName: 0.4,
  senderDomain: 0.6,
} as const;

/** Mail providers whose domain says nothing about which hotel wrote. */
const SHARED_MAIL_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'yahoo.com', 'icloud.com', 'me.com',
  'aol.com', 'gmx.de', 'gmx.net', 'web.de', 'proton.me', 'protonmail.com', 'orange.fr', 'free.fr', 'yandex.ru',
]);

/** What to look up before matching: sent emails by token and Message-ID, requests by reference, tenants by address. */
export interface LookupKeys {
  readonly tokens: string[];
  readonly messageIds: string[];
  /** The 10 hex digits of quoted references (F-XXXXXXXXXX), lower case. */
  readonly referencePrefixes: string[];
  /** Plus parts of the recipient addresses: a reply token, or the tenant id of a per-tenant inbox address. */
  readonly plusParts: string[];
}

const REFERENCE = /\bF-([0-9A-F]{10})\b/gi;
// The mailer's subjects in every language: "[ref t]", "[Ref. t]", "[ref. t]", "[réf. t]".
const TOKEN_IN_TEXT = /\[r[eé]f\.?\s*([A-Za-z0-9_-]{4,64})\]/giu;

export function lookupKeys(mail: InboundMail): LookupKeys {
  const plusParts = unique(mail.recipients.map(plusPart).filter((p): p is string => p !== null));
  const searchable = `${mail.subject}\n${mail.text}`;
  const tokens = unique([...plusParts, ...[...searchable.matchAll(TOKEN_IN_TEXT)].map((m) => m[1]!)]);
  const referenceText = `${searchable}\n${mail.attachments.map((a) => a.filename).join('\n')}`;
  const referencePrefixes = unique([...referenceText.matchAll(REFERENCE)].map((m) => m[1]!.toLowerCase()));
  const messageIds = unique([...(mail.inReplyTo ? [mail.inReplyTo] : []), ...mail.references].map(normalizeMessageId));
  return { tokens, messageIds, referencePrefixes, plusParts };
}

export function normalizeMessageId(id: string): string {
  const trimmed = id.trim();
  return trimmed.startsWith('<') ? trimmed : `<${trimmed}>`;
}

export interface MatchInput {
  readonly mail: InboundMail;
  /** Sent emails whose reply token or Message-ID the lookup keys named. */
  readonly sentEmails: readonly SentEmail[];
  /** Open requests of the inbox's tenant(s), and every request a token, reference or sent email names. */
  readonly requests: readonly OpenRequest[];
  /** Email domains known for each hotel (its profile's address, addresses request emails went to). */
  readonly hotelDomains: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface Evidence {
  readonly kind: keyof typeof CONFIDENCE;
  readonly confidence: number;
}

export interface RequestMatch {
  readonly recordId: string;
  readonly tenantId: string;
  readonly method: MatchMethod;
  readonly confidence: number;
  readonly evidence: readonly Evidence[];
  /** Indexes of the attachments that are this request's documents. */
  readonly attachments: readonly number[];
}

export type ReviewReason =
  | 'NO_MATCH' // nothing points at a request
  | 'LOW_CONFIDENCE' // something points at requests, below ACCEPT_AT
  | 'AMBIGUOUS' // the same evidence points at several requests
  | 'NO_DOCUMENT' // matched, but no PDF/JPEG/PNG attachment to extract
  | 'ATTACHMENTS_UNASSIGNED' // a reply for several requests with several attachments not saying which is whose
  | 'REQUEST_CLOSED'; // matched to a request that takes no more documents (extracted, delivered, cancelled …)

/** Statuses in which a request takes no document any more: a match to one is reported, its document is not. */
export const CLOSED_STATUSES: ReadonlySet<string> = new Set(['extracted', 'delivered', 'cancelled', 'erased', 'rejected', 'failed']);

export interface Suggestion {
  readonly recordId: string;
  readonly confidence: number;
}

export interface MatchResult {
  /** The requests the email is accepted for (empty when it goes to review unmatched). */
  readonly matches: readonly RequestMatch[];
  /** Why an operator should look at it; null when every match has its document. */
  readonly review: ReviewReason | null;
  /** Requests an operator may want to pick from (the best candidates below the bar, or the tied ones). */
  readonly suggestions: readonly Suggestion[];
  /** The method reported on InboundEmailReceived: the strongest match's, UNMATCHED without matches. */
  readonly method: MatchMethod;
}

interface Scored {
  readonly request: OpenRequest;
  readonly evidence: Evidence[];
  /** Combined confidence of the content evidence (confirmation number, name, sender domain). */
  readonly content: number;
  /** Canonical confirmation number when it was found, to tell ties apart. */
  readonly confirmationFound: boolean;
}

/** Independent signals: 1 - prod(1 - c). */
function combine(confidences: readonly number[]): number {
  return 1 - confidences.reduce((rest, c) => rest * (1 - c), 1);
}

function methodOf(evidence: readonly Evidence[]): MatchMethod {
  const kinds = new Set(evidence.map((e) => e.kind));
  if (kinds.has('reference') || kinds.has('replyToken')) return 'REPLY_TOKEN';
  if (kinds.has('inReplyTo')) return 'IN_REPLY_TO';
  if (kinds.has('confirmationExact') || kinds.has('confirmationFuzzy')) return 'CONFIRMATION_NUMBER';
  if (kinds.has('fullName') || kinds.has('initialAndLastName') || kinds.has('lastName')) return 'GUEST_NAME';
  return 'UNKNOWN';
}

const METHOD_RANK: Readonly<Record<MatchMethod, number>> = { REPLY_TOKEN: 0, IN_REPLY_TO: 1, CONFIRMATION_NUMBER: 2, GUEST_NAME: 3, UNKNOWN: 4, UNMATCHED: 5 };

/**
 * Evidence that the text names this request: its confirmation number, its guest. Near matches (one edit) are
 * sought only among `fuzzyCodes` / `fuzzyWords`: pieces of text not already an exact match of another request,
 * so "AB000001" written for one request is not also a typo of another's "AB000002".
 */
export function contentEvidence(
  request: OpenRequest,
  codes: ReadonlySet<string>,
  textWords: ReadonlySet<string>,
  fuzzyCodes: ReadonlySet<string> = codes,
  fuzzyWords: ReadonlySet<string> = textWords,
): Evidence[] {
  const out: Evidence[] = [];
  const code = canonicalCode(request.confirmationNumber);
  if (code.length >= 4) {
    if (codes.has(code)) out.push({ kind: 'confirmationExact', confidence: CONFIDENCE.confirmationExact });
    else if (code.length >= 6 && [...fuzzyCodes].some((c) => editDistance(c, code, 1) <= 1)) {
      out.push({ kind: 'confirmationFuzzy', confidence: CONFIDENCE.confirmationFuzzy });
    }
  }
  const last = nameWords(request.guestLastName);
  const first = nameWords(request.guestFirstName);
  const has = (w: string) => textWords.has(w) || (w.length >= 5 && [...fuzzyWords].some((t) => t.length >= 4 && editDistance(t, w, 1) <= 1));
  const firstNamed = first.length > 0 && first.every(has);
  if (last.length > 0 && last.every(has)) {
    if (firstNamed) out.push({ kind: 'fullName', confidence: CONFIDENCE.fullName });
    else if (first.length > 0 && textWords.has(first[0]![0]!)) out.push({ kind: 'initialAndLastName', confidence: CONFIDENCE.initialAndLastName });
    else out.push({ kind: 'lastName', confidence: CONFIDENCE.lastName });
  } else if (last.length > 1 && last[0]!.length >= 4 && has(last[0]!)) {
    // A double surname shortened to its first part ("Núñez" for "Núñez García").
    out.push(firstNamed ? { kind: 'initialAndLastName', confidence: CONFIDENCE.initialAndLastName } : { kind: 'lastName', confidence: CONFIDENCE.lastName });
  }
  return out;
}

interface TextPieces {
  readonly codes: ReadonlySet<string>;
  readonly words: ReadonlySet<string>;
  readonly fuzzyCodes: ReadonlySet<string>;
  readonly fuzzyWords: ReadonlySet<string>;
}

function score(input: MatchInput, request: OpenRequest, text: TextPieces): Scored {
  const evidence = contentEvidence(request, text.codes, text.words, text.fuzzyCodes, text.fuzzyWords);
  const sender = domainOf(input.mail.from);
  if (!SHARED_MAIL_DOMAINS.has(sender) && input.hotelDomains.get(request.hotelPhone)?.has(sender)) {
    evidence.push({ kind: 'senderDomain', confidence: CONFIDENCE.senderDomain });
  }
  return {
    request,
    evidence,
    content: combine(evidence.map((e) => e.confidence)),
    confirmationFound: evidence.some((e) => e.kind === 'confirmationExact' || e.kind === 'confirmationFuzzy'),
  };
}

/** Whether a scored request is named by the text itself (not only by its hotel's domain). */
function named(s: Scored): boolean {
  return s.evidence.some((e) => e.kind !== 'senderDomain');
}

export function matchMail(input: MatchInput): MatchResult {
  const { mail } = input;
  const keys = lookupKeys(mail);
  const text = `${mail.subject}\n${mail.text}`;
  const codes = codeCandidates(text);
  const textWords = new Set(words(text));
  const exactCodes = new Set(input.requests.map((r) => canonicalCode(r.confirmationNumber)));
  const exactWords = new Set(input.requests.flatMap((r) => [...nameWords(r.guestFirstName), ...nameWords(r.guestLastName)]));
  const pieces: TextPieces = {
    codes,
    words: textWords,
    fuzzyCodes: new Set([...codes].filter((c) => !exactCodes.has(c))),
    fuzzyWords: new Set([...textWords].filter((w) => !exactWords.has(w))),
  };
  const byId = new Map(input.requests.map((r) => [r.recordId, r]));
  const scored = new Map(input.requests.map((r) => [r.recordId, score(input, r, pieces)]));

  // 1. References quoted in the subject, body or file names name one request each.
  const referenced = input.requests.filter((r) => keys.referencePrefixes.includes(r.recordId.replace(/-/g, '').slice(0, 10).toLowerCase()));
  // 2. A reply token or In-Reply-To names the request email, which may have raised several requests.
  const thread = new Map<string, Evidence>();
  for (const sent of input.sentEmails) {
    const kind = keys.tokens.includes(sent.replyToken) ? 'replyToken' : keys.messageIds.includes(normalizeMessageId(sent.messageId)) ? 'inReplyTo' : null;
    if (!kind) continue;
    for (const recordId of sent.recordIds) {
      const current = thread.get(recordId);
      if (!current || CONFIDENCE[kind] > current.confidence) thread.set(recordId, { kind, confidence: CONFIDENCE[kind] });
    }
  }
  const threadRequests = [...thread.keys()].map((id) => byId.get(id)).filter((r): r is OpenRequest => r !== undefined);

  let accepted: { request: OpenRequest; evidence: Evidence[] }[] = [];
  let suggestions: Suggestion[] = [];
  let ambiguous = false;

  if (referenced.length > 0) {
    accepted = referenced.map((request) => ({ request, evidence: [{ kind: 'reference', confidence: CONFIDENCE.reference }, ...scored.get(request.recordId)!.evidence] }));
  } else if (threadRequests.length > 0) {
    // Within the thread, the requests the reply names (in its own words, not in the quoted request email or
    // the "Re:" subject that repeat ours, or in an attachment's file name) are the ones it answers; naming
    // none, it answers all.
    const fresh = replyOwnText(mail);
    const freshCodes = codeCandidates(fresh);
    const freshWords = new Set(words(fresh));
    const byText = threadRequests
      .map((request) => ({ request, evidence: contentEvidence(request, freshCodes, freshWords, new Set([...freshCodes].filter((c) => !exactCodes.has(c))), new Set([...freshWords].filter((w) => !exactWords.has(w)))) }))
      .filter((s) => s.evidence.length > 0)
      .map((s): Scored => ({ ...s, content: combine(s.evidence.map((e) => e.confidence)), confirmationFound: s.evidence.some((e) => e.kind.startsWith('confirmation')) }));
    const byFile = threadRequests.filter((r) => mail.attachments.some((a) => fileNames(a.filename, r)));
    const namedIds = new Set([...byText.map((s) => s.request.recordId), ...byFile.map((r) => r.recordId)]);
    const chosen = namedIds.size > 0 ? threadRequests.filter((r) => namedIds.has(r.recordId)) : threadRequests;
    if (byFile.length === 0 && byText.length > 1 && tiedByNameOnly(byText)) ambiguous = true;
    accepted = chosen.map((request) => ({ request, evidence: [thread.get(request.recordId)!, ...scored.get(request.recordId)!.evidence] }));
  } else {
    const all = [...scored.values()].filter((s) => s.evidence.length > 0).sort((a, b) => b.content - a.content);
    const over = all.filter((s) => s.content >= ACCEPT_AT && named(s));
    if (over.length > 1 && tiedByNameOnly(over)) ambiguous = true;
    else if (over.length > 1 && sharedConfirmation(over)) ambiguous = true;
    accepted = over.map((s) => ({ request: s.request, evidence: [...s.evidence] }));
    suggestions = all.filter((s) => s.content >= 0.4).slice(0, 5).map((s) => ({ recordId: s.request.recordId, confidence: round(s.content) }));
  }

  if (ambiguous) {
    return { matches: [], review: 'AMBIGUOUS', suggestions: accepted.map((a) => ({ recordId: a.request.recordId, confidence: round(confidenceOf(a.evidence)) })), method: 'UNMATCHED' };
  }
  if (accepted.length === 0) {
    return { matches: [], review: suggestions.length > 0 ? 'LOW_CONFIDENCE' : 'NO_MATCH', suggestions, method: 'UNMATCHED' };
  }

  const assignment = assignAttachments(accepted.map((a) => a.request), mail.attachments);
  const closed = accepted.some((a) => CLOSED_STATUSES.has(a.request.status));
  const matches: RequestMatch[] = accepted
    .map((a) => ({
      recordId: a.request.recordId,
      tenantId: a.request.tenantId,
      method: methodOf(a.evidence),
      confidence: round(confidenceOf(a.evidence)),
      evidence: a.evidence,
      attachments: CLOSED_STATUSES.has(a.request.status) ? [] : (assignment.byRecord.get(a.request.recordId) ?? []),
    }))
    .sort((a, b) => METHOD_RANK[a.method] - METHOD_RANK[b.method] || b.confidence - a.confidence || a.recordId.localeCompare(b.recordId));
  // An out-of-office answer without a document is noted on InboundEmailReceived, not put before an operator.
  const review: ReviewReason | null =
    mail.attachments.length === 0 ? (mail.autoReply ? null : 'NO_DOCUMENT') : assignment.unassigned ? 'ATTACHMENTS_UNASSIGNED' : closed ? 'REQUEST_CLOSED' : null;
  return { matches, review, suggestions: [], method: matches[0]!.method };
}

const REPLY_SUBJECT = /^\s*((re|aw|antw|sv|vs|r|rif|ref|fw|fwd|wg|tr|rv|enc)\s*(\[\d+\])?\s*:\s*)+/i;
const QUOTE_HEADER = [
  /^\s*-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|forwarded message)/i,
  /^\s*(on|am|le|el)\b.{0,200}(wrote|schrieb|a écrit|escribió)\s*:\s*$/i,
  /^\s*(from|von|de)\s*:\s.+@/i,
];

/**
 * What the replier wrote: the body above the quoted email (lines starting with ">", and everything from an
 * "On … wrote:" or "-----Original Message-----" header on), and the subject unless it is a "Re:" of ours.
 */
export function replyOwnText(mail: Pick<InboundMail, 'subject' | 'text'>): string {
  const own: string[] = [];
  for (const line of mail.text.split(/\r?\n/)) {
    if (QUOTE_HEADER.some((h) => h.test(line))) break;
    if (/^\s*>/.test(line)) continue;
    own.push(line);
  }
  return `${REPLY_SUBJECT.test(mail.subject) ? '' : mail.subject}\n${own.join('\n')}`;
}

/** Direct evidence (reference, token, In-Reply-To) decides; content evidence is combined otherwise. */
function confidenceOf(evidence: readonly Evidence[]): number {
  const direct = evidence.filter((e) => e.kind === 'reference' || e.kind === 'replyToken' || e.kind === 'inReplyTo');
  return combine((direct.length > 0 ? [...direct, ...evidence.filter((e) => !direct.includes(e))] : evidence).map((e) => e.confidence));
}

/** Several requests named only by the same guest name (no confirmation number tells them apart). */
function tiedByNameOnly(list: readonly Scored[]): boolean {
  if (list.some((s) => s.confirmationFound)) return false;
  const names = new Set(list.map((s) => `${nameWords(s.request.guestFirstName).join(' ')}|${nameWords(s.request.guestLastName).join(' ')}`));
  return names.size < list.length;
}

/** Several requests carrying the same confirmation number (e.g. two tenants booked the same reservation). */
function sharedConfirmation(list: readonly Scored[]): boolean {
  const codes = list.filter((s) => s.confirmationFound).map((s) => canonicalCode(s.request.confirmationNumber));
  return new Set(codes).size < codes.length;
}

/**
 * Which attachment is whose. One request: every attachment is its. Several requests: an attachment whose file
 * name carries a request's reference, confirmation number or guest last name goes to that request; a single
 * attachment naming none of them is taken to cover them all (a combined folio; the extractor checks each
 * request against it). Several attachments naming no one cannot be assigned: they go to review.
 */
export function assignAttachments(requests: readonly OpenRequest[], attachments: readonly MailAttachment[]): { byRecord: Map<string, number[]>; unassigned: boolean } {
  const byRecord = new Map<string, number[]>(requests.map((r) => [r.recordId, []]));
  if (attachments.length === 0) return { byRecord, unassigned: false };
  if (requests.length === 1) {
    byRecord.set(requests[0]!.recordId, attachments.map((a) => a.index));
    return { byRecord, unassigned: false };
  }
  const unnamed: MailAttachment[] = [];
  for (const attachment of attachments) {
    const owners = requests.filter((r) => fileNames(attachment.filename, r));
    if (owners.length === 1) byRecord.get(owners[0]!.recordId)!.push(attachment.index);
    else unnamed.push(attachment);
  }
  if (unnamed.length === 0) return { byRecord, unassigned: false };
  if (attachments.length === 1) {
    for (const r of requests) byRecord.get(r.recordId)!.push(unnamed[0]!.index);
    return { byRecord, unassigned: false };
  }
  return { byRecord, unassigned: true };
}

function fileNames(filename: string, request: OpenRequest): boolean {
  if (filename.toUpperCase().includes(referenceFor(request.recordId))) return true;
  const code = canonicalCode(request.confirmationNumber);
  if (code.length >= 4 && codeCandidates(filename).has(code)) return true;
  const last = nameWords(request.guestLastName);
  const fileWords = new Set(words(filename));
  return last.length > 0 && last.every((w) => fileWords.has(w));
}

function unique<T>(list: readonly T[]): T[] {
  return [...new Set(list)];
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
