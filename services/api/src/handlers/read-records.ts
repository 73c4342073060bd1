// GET /v1/records/:id, GET /v1/records, GET /v1/stats: answered from the projector's read models, always
// filtered by the caller's tenant. Without read models (not deployed) they answer 501.
import type { Request, Response } from 'express';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { RequestStatusSymbols } from '@folio/contracts';
import type { FieldIssue } from '@folio/errors';
import type { RecordListFilter, RecordReads } from '../adapters/record-reads.js';
import { principalOf } from '../http/auth.js';
import { HttpProblem, invalid, notFound } from '../http/problem.js';
import { recordIdParam } from '../http/request-context.js';

function readsOf(reads: RecordReads | undefined): RecordReads {
  if (!reads) throw new HttpProblem(501, 'READS_NOT_AVAILABLE', 'Not implemented', 'Request status is not available yet: the read models are not deployed.');
  return reads;
}

export function getRecord(reads: RecordReads | undefined) {
  return async (req: Request, res: Response) => {
    const { tenantId } = principalOf(res);
    const recordId = recordIdParam(req);
    const record = await readsOf(reads).getRecord(tenantId, recordId);
    if (!record) throw notFound(`Request ${recordId}`);
    res.json(record);
  };
}

const QUERY_KEYS = ['status', 'hotelPhone', 'createdFrom', 'createdTo', 'limit', 'cursor'];

/** The list filter from the query string; every bad parameter listed. */
export function listFilter(query: Request['query'], options: { defaultCountry: CountryCode; maxLimit: number }): RecordListFilter {
  const issues: FieldIssue[] = [];
  const one = (name: string): string | undefined => {
    const v = query[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      issues.push({ field: name, reason: 'must be given once' });
      return undefined;
    }
    return v;
  };
  for (const key of Object.keys(query)) if (!QUERY_KEYS.includes(key)) issues.push({ field: key, reason: 'is not a filter of this list' });
  const filter: { -readonly [K in keyof RecordListFilter]: RecordListFilter[K] } = { limit: Math.min(50, options.maxLimit) };
  const status = one('status');
  if (status !== undefined) {
    if ((RequestStatusSymbols as readonly string[]).includes(status.toUpperCase())) filter.status = status.toUpperCase();
    else issues.push({ field: 'status', reason: `must be one of ${RequestStatusSymbols.map((s) => s.toLowerCase()).join(', ')}` });
  }
  const phone = one('hotelPhone');
  if (phone !== undefined) {
    const parsed = parsePhoneNumberFromString(phone, options.defaultCountry);
    if (parsed?.isValid()) filter.hotelPhone = parsed.number;
    else issues.push({ field: 'hotelPhone', reason: 'is not a dialable phone number' });
  }
  for (const name of ['createdFrom', 'createdTo'] as const) {
    const raw = one(name);
    if (raw === undefined) continue;
    const date = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(raw) ? new Date(raw) : new Date(NaN);
    if (Number.isNaN(date.getTime())) issues.push({ field: name, reason: 'must be an ISO 8601 date or date-time with offset' });
    else filter[name] = date;
  }
  if (filter.createdFrom && filter.createdTo && filter.createdTo <= filter.createdFrom) issues.push({ field: 'createdTo', reason: 'must be after createdFrom' });
  const limit = one('limit');
  if (limit !== undefined) {
    const n = Number(limit);
    if (/^\d+$/.test(limit) && n >= 1 && n <= options.maxLimit) filter.limit = n;
    else issues.push({ field: 'limit', reason: `must be an integer from 1 to ${options.maxLimit}` });
  }
  const cursor = one('cursor');
  if (cursor !== undefined) {
    if (/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) filter.after = cursor;
    else issues.push({ field: 'cursor', reason: 'is not a cursor this API returned' });
  }
  if (issues.length > 0) throw invalid(issues);
  return filter;
}

export function listRecords(reads: RecordReads | undefined, options: { defaultCountry: CountryCode; maxLimit: number }) {
  return async (req: Request, res: Response) => {
    const { tenantId } = principalOf(res);
    const filter = listFilter(req.query, options);
    const page = await readsOf(reads).listRecords(tenantId, filter);
    res.json(page);
  };
}

export function stats(reads: RecordReads | undefined) {
  return async (_req: Request, res: Response) => {
    const { tenantId } = principalOf(res);
    res.json(await readsOf(reads).recordStats(tenantId));
  };
}
