// Small helpers every route shares: the correlation id of the request and the Idempotency-Key header.
import type { Request, Response } from 'express';
import { HttpProblem } from './problem.js';

export function correlationIdOf(res: Response): string {
  return String(res.getHeader('x-correlation-id') ?? '');
}

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The Idempotency-Key header (printable ASCII, 1-255 characters), or null when absent. */
export function idempotencyKeyOf(req: Request): string | null {
  const raw = req.header('idempotency-key');
  if (raw === undefined) return null;
  if (!KEY.test(raw)) throw new HttpProblem(400, 'INVALID_IDEMPOTENCY_KEY', 'Invalid Idempotency-Key', 'Idempotency-Key must be 1 to 255 printable ASCII characters.', [{ field: 'Idempotency-Key', reason: 'must be 1 to 255 printable ASCII characters' }]);
  return raw;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The :id path parameter as a lower-case UUID; any other id names no request (404). */
export function recordIdParam(req: Request): string {
  const id = String(req.params.id ?? '');
  if (!UUID.test(id)) throw new HttpProblem(404, 'NOT_FOUND', 'Not found', `No request ${id}.`);
  return id.toLowerCase();
}
