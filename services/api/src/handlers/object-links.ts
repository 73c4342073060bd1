// GET /v1/records/:id/calls/:callId/recording, .../transcript and GET /v1/records/:id/folio: a 302 to a presigned
// GET URL of the object (or, with ?redirect=false, 200 {url, expiresAt}). The request is read exactly as
// GET /v1/records/:id reads it (the key's tenant only; 410 once erased), and the call must be one of its calls.
import type { Request, Response } from 'express';
import type { Pool } from '@folio/db';
import type { FieldIssue } from '@folio/errors';
import { callSharedWithOtherTenants, getErasure, getRecord as readRecord } from '@folio/read-models';
import { linkExpiry, linkTarget, missingObject, type LinkBuckets, type LinkKind } from '../domain/object-links.js';
import type { LinkStore } from '../adapters/object-store.js';
import { principalOf } from '../http/auth.js';
import { HttpProblem, invalid, notFound } from '../http/problem.js';
import { recordIdParam } from '../http/request-context.js';

export interface ObjectLinkDeps {
  readonly db: Pool;
  readonly store: LinkStore;
  readonly buckets: LinkBuckets;
  readonly ttlSeconds: number;
  readonly now: () => Date;
  /** Counts each answer by kind and result (redirect, url, not_available). */
  readonly onServed?: (kind: LinkKind, result: 'redirect' | 'url' | 'not_available' | 'shared') => void;
}

/** ?redirect=true (the default) or false; any other query parameter or value is a 422. */
function redirectParam(query: Request['query']): boolean {
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(query)) if (key !== 'redirect') issues.push({ field: key, reason: 'is not a parameter of this link' });
  const raw = query.redirect;
  let redirect = true;
  if (raw !== undefined) {
    if (raw === 'false') redirect = false;
    else if (raw !== 'true') issues.push({ field: 'redirect', reason: 'must be true or false' });
  }
  if (issues.length > 0) throw invalid(issues);
  return redirect;
}

export function objectLink(kind: LinkKind, deps: ObjectLinkDeps) {
  return async (req: Request, res: Response) => {
    const { tenantId } = principalOf(res);
    const recordId = recordIdParam(req);
    const redirect = redirectParam(req.query);
    const callId = kind === 'folio' ? undefined : String(req.params.callId ?? '');
    const record = await readRecord(deps.db, tenantId, recordId);
    if (!record) {
      const erasure = await getErasure(deps.db, tenantId, recordId);
      if (erasure) throw new HttpProblem(410, 'RECORD_ERASED', 'Gone', `Request ${recordId} was erased at ${erasure.erasedAt.toISOString()}; its personal data no longer exists.`);
      throw notFound(`Request ${recordId}`);
    }
    const target = linkTarget(record, kind, deps.buckets, callId);
    if (target === null) throw notFound(`Call ${callId} of request ${recordId}`);
    // One call raises a hotel's requests of every tenant: its audio then names other customers' guests.
    if (callId !== undefined && (await callSharedWithOtherTenants(deps.db, callId, tenantId))) {
      deps.onServed?.(kind, 'shared');
      throw new HttpProblem(403, 'SHARED_CALL', 'Forbidden', `Call ${callId} also raised other customers' requests; its ${kind} is available to operators only.`);
    }
    const served = target.found && (await deps.store.exists(target.location)) ? target : target.found ? missingObject(kind, record, callId) : target;
    if (!served.found) {
      deps.onServed?.(kind, 'not_available');
      throw new HttpProblem(404, served.code, 'Not available', served.detail);
    }
    const signedAt = deps.now();
    const { url, credentialsExpireAt } = await deps.store.presignGet(served.location, { expiresInSeconds: deps.ttlSeconds, filename: served.filename });
    const expiresAt = linkExpiry(signedAt, deps.ttlSeconds, credentialsExpireAt);
    // The URL is a bearer credential until it expires: never cached, never passed on as a Referer.
    res.setHeader('cache-control', 'private, no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    deps.onServed?.(kind, redirect ? 'redirect' : 'url');
    if (redirect) return void res.status(302).location(url).end();
    res.json({ url, expiresAt: expiresAt.toISOString() });
  };
}
