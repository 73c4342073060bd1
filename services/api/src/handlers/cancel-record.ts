// DELETE /v1/records/:id: asks the records service to cancel the tenant's request (RecordCancelled on the
// intake topic); 202, since the records service decides whether the request can still be cancelled.
import type { Request, Response } from 'express';
import { RecordCancelledSchema, HEADER_CORRELATION_ID, HEADER_TENANT_ID } from '@folio/contracts';
import type { OutboundMessage } from '@folio/runtime';
import { recordCancelled } from '../domain/intake.js';
import { principalOf } from '../http/auth.js';
import { HttpProblem, invalid, notFound } from '../http/problem.js';
import { correlationIdOf, recordIdParam } from '../http/request-context.js';

/** Statuses a request can no longer be cancelled from. */
export const NOT_CANCELLABLE = ['delivered', 'cancelled', 'erased', 'failed', 'rejected'];

export interface CancelDeps {
  readonly owns: (tenantId: string, recordId: string) => Promise<boolean>;
  /** The request's status in the read models, or null when they do not know it (yet). */
  readonly statusOf: (tenantId: string, recordId: string) => Promise<string | null>;
  readonly send: (messages: readonly OutboundMessage[]) => Promise<void>;
  readonly intakeTopic: string;
  readonly now: () => Date;
}

export function cancelRecord(deps: CancelDeps) {
  return async (req: Request, res: Response) => {
    const { tenantId, keyId } = principalOf(res);
    const recordId = recordIdParam(req);
    const reason = typeof req.query.reason === 'string' ? req.query.reason.trim() : null;
    if (reason !== null && reason.length > 500) throw invalid([{ field: 'reason', reason: 'must be at most 500 characters' }]);
    // Another tenant's request is indistinguishable from a missing one.
    if (!(await deps.owns(tenantId, recordId))) throw notFound(`Request ${recordId}`);
    const status = await deps.statusOf(tenantId, recordId);
    if (status !== null && NOT_CANCELLABLE.includes(status)) {
      throw new HttpProblem(409, 'NOT_CANCELLABLE', 'Conflict', `Request ${recordId} is ${status} and can no longer be cancelled.`);
    }
    await deps.send([
      {
        topic: deps.intakeTopic,
        key: recordId,
        schema: RecordCancelledSchema,
        value: recordCancelled({ tenantId, recordId, reason: reason || null, cancelledBy: `api-key:${keyId}`, now: deps.now() }),
        headers: { [HEADER_CORRELATION_ID]: correlationIdOf(res), [HEADER_TENANT_ID]: tenantId },
      },
    ]);
    res.status(202).json({ recordId, status: 'cancellation_requested' });
  };
}
