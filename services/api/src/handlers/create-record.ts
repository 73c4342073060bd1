// POST /v1/records: one request; 202 with its recordId, or 200 with the same recordId for a repeat.
import type { Request, Response } from 'express';
import type { Intake } from '../intake.js';
import { principalOf } from '../http/auth.js';
import { HttpProblem, invalid } from '../http/problem.js';
import { correlationIdOf, idempotencyKeyOf } from '../http/request-context.js';

export function createRecord(intake: Intake) {
  return async (req: Request, res: Response) => {
    const { tenantId } = principalOf(res);
    const [result] = await intake.submit(tenantId, [{ body: req.body, idempotencyKey: idempotencyKeyOf(req) }], 'API', correlationIdOf(res));
    if (!result) throw new Error('no result');
    if (result.status === 'rejected') {
      if (result.code === 'VALIDATION_FAILED') throw invalid(result.errors);
      throw new HttpProblem(409, result.code, 'Conflict', result.errors.map((e) => `${e.field} ${e.reason}`).join('; '), result.errors);
    }
    res.status(result.status === 'accepted' ? 202 : 200).location(`/v1/records/${result.recordId}`).json({ recordId: result.recordId, status: result.status });
  };
}
