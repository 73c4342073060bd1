// RFC 9457 problem details: every 4xx/5xx of the api is application/problem+json with a stable `code` and,
// for invalid input, one entry per failing field.
import type { Request, Response, NextFunction, ErrorRequestHandler } from 'express';
import { DomainError, ValidationError, isRetriable, type FieldIssue } from '@folio/errors';
import type { Logger } from '@folio/logger';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldIssue[];
}

/** A problem to answer with; thrown by handlers, turned into a response by problemHandler. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly errors?: FieldIssue[],
  ) {
    super(detail);
  }
}

export const problemType = (code: string) => `https://folio.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;

export function sendProblem(res: Response, req: Request, p: HttpProblem): void {
  const body: Problem = { type: problemType(p.code), title: p.title, status: p.status, detail: p.message, code: p.code, instance: req.originalUrl };
  if (p.errors) body.errors = p.errors;
  res.status(p.status).type('application/problem+json').send(JSON.stringify(body));
}

export const invalid = (errors: FieldIssue[], detail = 'The request has invalid fields; see errors.') =>
  new HttpProblem(422, 'VALIDATION_FAILED', 'Invalid request', detail, errors);
export const notFound = (what: string) => new HttpProblem(404, 'NOT_FOUND', 'Not found', `${what} was not found.`);

/** Kafka (after the client's own retries) and PostgreSQL connection failures: the dependency is down, not the request wrong. */
function isUnavailable(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.name === 'string' && e.name.startsWith('KafkaJS')) return true;
  return typeof e.code === 'string' && (e.code.startsWith('08') || e.code === '57P01' || e.code === 'ECONNREFUSED' || e.code === 'ETIMEDOUT');
}

/** The api's one error handler: problems as they are, body-parser errors as 400/413/415, the rest as 500/503. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return void res.end();
    if (error instanceof HttpProblem) return sendProblem(res, req, error);
    if (error instanceof ValidationError) return sendProblem(res, req, invalid([...error.issues], error.message));
    if (error instanceof DomainError) return sendProblem(res, req, new HttpProblem(409, error.code, 'Conflict', error.message));
    const parserType = (error as { type?: string })?.type;
    if (parserType === 'entity.too.large') return sendProblem(res, req, new HttpProblem(413, 'BODY_TOO_LARGE', 'Body too large', `The body exceeds ${(error as { limit?: number }).limit} bytes.`));
    if (parserType === 'entity.parse.failed') return sendProblem(res, req, new HttpProblem(400, 'MALFORMED_JSON', 'Malformed JSON', 'The body is not valid JSON.', [{ field: '(body)', reason: 'is not valid JSON' }]));
    if (parserType === 'encoding.unsupported' || parserType === 'charset.unsupported') return sendProblem(res, req, new HttpProblem(415, 'UNSUPPORTED_ENCODING', 'Unsupported encoding', 'Send UTF-8.'));
    if (isRetriable(error) || isUnavailable(error)) {
      logger.warn({ err: error }, 'dependency unavailable');
      res.setHeader('retry-after', '1');
      return sendProblem(res, req, new HttpProblem(503, 'UNAVAILABLE', 'Temporarily unavailable', 'A dependency is unavailable; try again.'));
    }
    logger.error({ err: error }, 'request failed');
    return sendProblem(res, req, new HttpProblem(500, 'INTERNAL_ERROR', 'Internal error', 'The request failed; it is safe to retry with the same Idempotency-Key.'));
  };
}
