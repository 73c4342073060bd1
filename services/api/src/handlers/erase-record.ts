// POST /v1/records/:id:erase (admin): EraseRecord on the operator-commands topic; the records service
// tombstones the request and the projections and object storage follow. 202: erasure is asynchronous.
import type { Request, Response } from 'express';
import { EraseRecordSchema, HEADER_CORRELATION_ID, HEADER_TENANT_ID, type EraseRecord } from '@folio/contracts';
import type { OutboundMessage } from '@folio/runtime';
import { principalOf } from '../http/auth.js';
import { invalid, notFound } from '../http/problem.js';
import { correlationIdOf, recordIdParam } from '../http/request-context.js';

export const ERASE_REASONS = ['DATA_SUBJECT_REQUEST', 'RETENTION_EXPIRED', 'TENANT_REQUEST'] as const;

export interface EraseDeps {
  readonly owns: (tenantId: string, recordId: string) => Promise<boolean>;
  readonly send: (messages: readonly OutboundMessage[]) => Promise<void>;
  readonly operatorCommandsTopic: string;
  readonly now: () => Date;
  /** Drops what the api itself keeps about the request (after the command is published). */
  readonly forget: (tenantId: string, recordId: string) => Promise<void>;
}

export function eraseRecord(deps: EraseDeps) {
  return async (req: Request, res: Response) => {
    const { tenantId, keyId } = principalOf(res);
    const recordId = recordIdParam(req);
    const body = (req.body ?? {}) as { reason?: unknown; note?: unknown };
    const code = body.reason ?? 'DATA_SUBJECT_REQUEST';
    const issues = [];
    if (typeof code !== 'string' || !(ERASE_REASONS as readonly string[]).includes(code)) issues.push({ field: 'reason', reason: `must be one of ${ERASE_REASONS.join(', ')}` });
    if (body.note !== undefined && (typeof body.note !== 'string' || body.note.length > 500)) issues.push({ field: 'note', reason: 'must be a string of at most 500 characters' });
    const extra = Object.keys(body).filter((k) => k !== 'reason' && k !== 'note');
    for (const field of extra) issues.push({ field, reason: 'is not a field of an erasure' });
    if (issues.length > 0) throw invalid(issues);
    if (!(await deps.owns(tenantId, recordId))) throw notFound(`Request ${recordId}`);
    const command: EraseRecord = {
      recordId,
      tenantId,
      requestedBy: `api-key:${keyId}`,
      // The note is the operator's, never personal data of the guest: it stays in the audit trail.
      reason: { code: code as string, message: typeof body.note === 'string' && body.note ? body.note : `erasure requested (${code as string})`, field: null },
      requestedAt: deps.now(),
    };
    await deps.send([
      { topic: deps.operatorCommandsTopic, key: recordId, schema: EraseRecordSchema, value: command, headers: { [HEADER_CORRELATION_ID]: correlationIdOf(res), [HEADER_TENANT_ID]: tenantId } },
    ]);
    await deps.forget(tenantId, recordId);
    res.status(202).json({ recordId, status: 'erasure_requested' });
  };
}
