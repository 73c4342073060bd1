// Reads for the inbox service and the operators' review list: the requests an inbound email may answer
// (read model `records` joined with `hotels`), and the emails waiting for an operator (table inbox_messages,
// written by services/inbox).
import type { Db } from './queries.js';

/** Statuses in which a request may still receive its folio (a second document after a mismatch included). */
export const FOLIO_PENDING_STATUSES = [
  'received', 'queued', 'scheduled', 'in_call', 'emailed', 'awaiting_folio', 'folio_received', 'callback_scheduled', 'needs_review', 'escalated',
] as const;

/** A request as the inbox matches against it. */
export interface InboxCandidateRow {
  recordId: string;
  tenantId: string;
  status: string;
  guestFirstName: string;
  guestLastName: string;
  confirmationNumber: string;
  hotelPhone: string;
  /** The hotel profile's email address, when known. */
  hotelEmail: string | null;
}

export interface InboxCandidateFilter {
  /** Requests of these tenants still waiting for a folio; null: of every tenant (one-tenant installations). */
  tenantIds: readonly string[] | null;
  /** Requests named by a reply token or In-Reply-To, whatever their tenant and status. */
  recordIds: readonly string[];
  /** Requests whose id starts with these hex digits (the quoted reference F-XXXXXXXXXX, lower case, no dashes). */
  referencePrefixes: readonly string[];
  /** At most this many pending requests (newest first); the named ones always come. */
  limit?: number;
}

const CANDIDATE_COLUMNS = `
  r.record_id::text AS "recordId", r.tenant_id AS "tenantId", r.status, r.guest_first_name AS "guestFirstName",
  r.guest_last_name AS "guestLastName", r.confirmation_number AS "confirmationNumber", r.hotel_phone AS "hotelPhone",
  h.email AS "hotelEmail"`;

export async function inboxCandidates(db: Db, filter: InboxCandidateFilter): Promise<InboxCandidateRow[]> {
  const prefixes = filter.referencePrefixes.filter((p) => /^[0-9a-f]{10}$/.test(p)).map((p) => `${p}%`);
  const { rows } = await db.query<InboxCandidateRow>(
    `(SELECT ${CANDIDATE_COLUMNS} FROM records r LEFT JOIN hotels h ON h.hotel_phone = r.hotel_phone
       WHERE r.status = ANY($1::text[]) AND ($2::text[] IS NULL OR r.tenant_id = ANY($2::text[]))
       ORDER BY r.updated_at DESC LIMIT $5)
     UNION
     (SELECT ${CANDIDATE_COLUMNS} FROM records r LEFT JOIN hotels h ON h.hotel_phone = r.hotel_phone
       WHERE r.record_id = ANY($3::uuid[]) OR replace(r.record_id::text, '-', '') LIKE ANY($4::text[]))`,
    [FOLIO_PENDING_STATUSES, filter.tenantIds, filter.recordIds, prefixes, filter.limit ?? 5_000],
  );
  return rows;
}

/** Email domains each hotel is known to write from: its profile's address and the addresses requests went to. */
export async function hotelEmailDomains(db: Db, hotelPhones: readonly string[]): Promise<Map<string, Set<string>>> {
  const { rows } = await db.query<{ hotelPhone: string; domain: string }>(
    `SELECT hotel_phone AS "hotelPhone", lower(split_part(email, '@', 2)) AS domain FROM hotels
       WHERE hotel_phone = ANY($1::text[]) AND email LIKE '%@%'
     UNION
     SELECT DISTINCT hotel_phone, lower(split_part(to_address, '@', 2)) FROM inbox_sent_emails
       WHERE hotel_phone = ANY($1::text[])`,
    [hotelPhones],
  );
  const out = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!out.has(row.hotelPhone)) out.set(row.hotelPhone, new Set());
    out.get(row.hotelPhone)!.add(row.domain);
  }
  return out;
}

/** One email on the review list. */
export interface InboxReviewRow {
  messageId: string;
  tenantId: string | null;
  fromAddress: string;
  toAddress: string;
  subject: string;
  receivedAt: Date;
  matchMethod: string;
  matchedRecordIds: string[];
  reviewReason: string;
  suggestions: { recordId: string; confidence: number }[];
  attachments: { filename: string; contentType: string; sizeBytes: number; storageKey: string; sha256: string }[];
  ignored: { filename: string; contentType: string; sizeBytes: number; reason: string }[];
  rawKey: string | null;
  processedAt: Date;
}

export interface InboxReviewFilter {
  /** The tenant's emails; null: emails of no known tenant too (operators of the installation). */
  tenantId: string | null;
  limit?: number;
}

/** Emails waiting for an operator (unmatched, ambiguous, matched without a document), newest first. */
export async function listInboxReview(db: Db, filter: InboxReviewFilter): Promise<InboxReviewRow[]> {
  const { rows } = await db.query<InboxReviewRow>(
    `SELECT message_id AS "messageId", tenant_id AS "tenantId", from_address AS "fromAddress", to_address AS "toAddress",
            subject, received_at AS "receivedAt", match_method AS "matchMethod", matched_record_ids::text[] AS "matchedRecordIds",
            review_reason AS "reviewReason", suggestions, attachments, ignored, raw_key AS "rawKey", processed_at AS "processedAt"
       FROM inbox_messages
      WHERE review_reason IS NOT NULL AND reviewed_at IS NULL AND ($1::text IS NULL OR tenant_id = $1)
      ORDER BY processed_at DESC
      LIMIT $2`,
    [filter.tenantId, Math.min(filter.limit ?? 50, 500)],
  );
  return rows;
}

/**
 * The tenants an inbound email was addressed to: a recipient that is a tenant's inbox address, or whose plus
 * part is a tenant id (records' per-tenant reply address `folios+{tenantId}@…`).
 */
export async function inboxTenants(db: Db, recipients: readonly string[], plusParts: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ tenantId: string }>(
    `SELECT id::text AS "tenantId" FROM tenants WHERE lower(inbox_email) = ANY($1::text[])
     UNION
     SELECT DISTINCT tenant_id FROM records WHERE tenant_id = ANY($2::text[])`,
    [recipients.map((r) => r.toLowerCase()), plusParts],
  );
  return rows.map((r) => r.tenantId);
}
