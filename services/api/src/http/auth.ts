// Bearer API keys: 401 without a known key, 403 without the route's scope. `admin` holds every scope.
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { ApiKeyPrincipal, ApiKeyStore, Scope } from '../adapters/api-keys.js';
import { HttpProblem } from './problem.js';

export function principalOf(res: Response): ApiKeyPrincipal {
  const principal = res.locals.principal as ApiKeyPrincipal | undefined;
  if (!principal) throw new Error('route registered without authenticate()');
  return principal;
}

const unauthorized = (detail: string) => new HttpProblem(401, 'UNAUTHORIZED', 'Unauthorized', detail);

export function authenticate(keys: ApiKeyStore): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.header('authorization');
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    res.setHeader('www-authenticate', 'Bearer realm="folio"');
    if (!match) return next(unauthorized('Send an API key as "Authorization: Bearer <key>".'));
    const principal = await keys.authenticate(match[1]!);
    if (!principal) return next(unauthorized('The API key is unknown or revoked.'));
    res.removeHeader('www-authenticate');
    res.locals.principal = principal;
    next();
  };
}

export function requireScope(scope: Scope): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const { scopes } = principalOf(res);
    if (scopes.includes(scope) || scopes.includes('admin')) return next();
    next(new HttpProblem(403, 'FORBIDDEN', 'Forbidden', `The API key lacks the "${scope}" scope.`));
  };
}
