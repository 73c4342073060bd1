// POST /v1/records:batch: up to BATCH_MAX_ITEMS requests; one result per item, in order. Valid items are
// accepted even when others are not (207-style answer with 200: each item carries its own status).
import type { Request, Response } from 'express';
import type { Intake } from '../intake.js';
import { principalOf } from '../http/auth.js';
import { invalid } from '../http/problem.js';
import { correlationIdOf } from '../http/request-context.js';

export function batchRecords(intake: Intake, maxItems: number) {
  return async (req: Request, res: Response) => {
    const { tenantId } = principalOf(res);
    const body = req.body as { items?: unknown } | undefined;
    const items = body && typeof body === 'object' && !Array.isArray(body) ? body.items : undefined;
    if (!Array.isArray(items)) throw invalid([{ field: 'items', reason: 'is required and must be an array' }]);
    if (items.length === 0) throw invalid([{ field: 'items', reason: 'must not be empty' }]);
    if (items.length > maxItems) throw invalid([{ field: 'items', reason: `must have at most ${maxItems} items` }]);
    const extra = Object.keys(body as object).filter((k) => k !== 'items');
    if (extra.length > 0) throw invalid(extra.map((field) => ({ field, reason: 'is not a field of a batch' })));
    const results = await intake.submit(tenantId, items.map((item) => ({ body: item, idempotencyKey: null })), 'API', correlationIdOf(res));
    const out = results.map((r, index) =>
      r.status === 'rejected'
        ? { index, status: r.status, code: r.code, errors: r.errors.map((e) => ({ field: `items[${index}].${e.field}`, reason: e.reason })) }
        : { index, status: r.status, recordId: r.recordId },
    );
    const count = (s: string) => out.filter((r) => r.status === s).length;
    res.status(200).json({ accepted: count('accepted'), duplicates: count('duplicate'), rejected: count('rejected'), results: out });
  };
}
