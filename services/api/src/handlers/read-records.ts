// GET /v1/records/:id, GET /v1/records, GET /v1/stats: answered from the projector's read models
// (@folio/read-models), every query filtered by the caller's tenant; a request links to its recordings and folio.
import type { Request, Response } from 'express';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { RequestStatusSymbols, isFictionalNumber } from '@folio/contracts';
import type { FieldIssue } from '@folio/errors';
import type { Pool } from '@folio/db';
import { getErasure, getRecord as readRecord, listRecords as readRecords, recordStats, InvalidCursorError, type RecordListFilter } from '@folio/read-models';
import { principalOf } from '../http/auth.js';
import { HttpProblem, invalid, notFound } from '../http/problem.js';
import { recordIdParam } from '../http/request-context.js';
import { withLinks } from '../domain/object-links.js';

export function getRecord(db: Pool) {
  return async (req: Request, res: Response) => {
    const { tenantId } = principalOf(res);
    const recordId = recordIdParam(req);
    const record = await readRecord(db, tenantId, recordId);
    // Each call's recordingUrl and the request's folioUrl are api paths (answered with a fresh presigned URL).
    if (record) return void res.json(withLinks(record));
    const erasure = await getErasure(db, tenantId, recordId);
    if (erasure) throw new HttpProblem(410, 'RECORD_ERASED', 'Gone', `Request ${recordId} was erased at ${erasure.erasedAt.toISOString()}; its personal data no longer exists.`);
    throw notFound(`Request ${recordId}`);
  };
}

const QUERY_KEYS = ['status', 'hotelPhone', 'createdFrom', 'createdTo', 'limit', 'cursor'];
const STATUSES = RequestStatusSymbols.filter((s) => s !== 'UNKNOWN').map((s) => s.toLowerCase());

/** The list filter from the query string; every bad parameter listed. */
export function listFilter(query: Request['query'], options: { defaultCountry: CountryCode; maxLimit: number; acceptFictionalNumbers?: boolean }): RecordListFilter {
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
  const filter: RecordListFilter = { limit: Math.min(50, options.maxLimit) };
  const status = one('status');
  if (status !== undefined) {
    if (STATUSES.includes(status.toLowerCase())) filter.status = status.toLowerCase();
    else issues.push({ field: 'status', reason: `must be one of ${STATUSES.join(', ')}` });
  }
  const phone = one('hotelPhone');
  if (phone !== undefined) {
    const parsed = parsePhoneNumberFromString(phone, options.defaultCountry);
    if (parsed && (parsed.isValid() || (options.acceptFictionalNumbers === true && parsed.isPossible() && isFictionalNumber(parsed.number)))) filter.hotelPhone = parsed.number;
    else issues.push({ field: 'hotelPhone', reason: 'is not a dialable phone number' });
  }
  for (const name of ['createdFrom', 'createdTo'] as const) {
    const raw = one(name);
    if (raw === undefined) continue;
    const date = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(raw) ? new Date(raw) : new Date(NaN);
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

export function listRecords(db: Pool, options: { defaultCountry: CountryCode; maxLimit: number; acceptFictionalNumbers?: boolean }) {
  return async (req: Request, res: Response) => {
    const { tenantId } = principalOf(res);
    const filter = listFilter(req.query, options);
    try {
      res.json(await readRecords(db, tenantId, filter));
    } catch (error) {
      if (error instanceof InvalidCursorError) throw invalid([{ field: 'cursor', reason: 'is not a cursor this API returned' }]);
      throw error;
    }
  };
}

export function stats(db: Pool) {
  return async (_req: Request, res: Response) => {
    const { tenantId } = principalOf(res);
    res.json(await recordStats(db, tenantId));
  };
}
