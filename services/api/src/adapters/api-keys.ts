// API keys in PostgreSQL (table api_keys): only the SHA-256 hex of a key is stored, so a leaked table cannot
// be replayed. Lookups are cached briefly so authentication costs no query per request.
import { createHash, randomBytes } from 'node:crypto';
import type { Pool } from '@folio/db';

export type Scope = 'write' | 'read' | 'admin';
export const SCOPES: readonly Scope[] = ['write', 'read', 'admin'];

export interface ApiKeyPrincipal {
  readonly keyId: string;
  readonly tenantId: string;
  readonly scopes: readonly Scope[];
}

/** SHA-256 hex of a key as presented by a client. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new random key: `folio_` and 43 base64url characters (256 bits). */
export function newApiKey(): string {
  return `folio_${randomBytes(32).toString('base64url')}`;
}

export class ApiKeyStore {
  private readonly cache = new Map<string, { principal: ApiKeyPrincipal | null; until: number }>();

  constructor(
    private readonly pool: Pool,
    private readonly options: { cacheMs: number; now?: () => number } = { cacheMs: 10_000 },
  ) {}

  /** The principal of a presented key, or null when it is unknown or revoked. */
  async authenticate(key: string): Promise<ApiKeyPrincipal | null> {
    const hash = hashApiKey(key);
    const now = (this.options.now ?? Date.now)();
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return cached.principal;
    const { rows } = await this.pool.query<{ id: string; tenant_id: string; scopes: Scope[] }>(
      'SELECT id, tenant_id, scopes FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    const row = rows[0];
    const principal = row ? { keyId: row.id, tenantId: row.tenant_id, scopes: row.scopes } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, until: now + this.options.cacheMs });
    return principal;
  }
}

/** Creates a tenant (or finds it by inbox address) and a new key for it; returns the key, shown only once. */
export async function createTenantKey(
  pool: Pool,
  args: { name: string; inboxEmail: string; senderName: string; scopes: readonly Scope[] },
): Promise<{ tenantId: string; keyId: string; key: string }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const tenant = await client.query<{ id: string }>(
      `INSERT INTO tenants (name, inbox_email, sender_name) VALUES ($1, $2, $3)
       ON CONFLICT (inbox_email) DO UPDATE SET name = tenants.name RETURNING id`,
      [args.name, args.inboxEmail, args.senderName],
    );
    const tenantId = tenant.rows[0]!.id;
    const key = newApiKey();
    const inserted = await client.query<{ id: string }>('INSERT INTO api_keys (tenant_id, key_hash, scopes) VALUES ($1, $2, $3) RETURNING id', [
      tenantId,
      hashApiKey(key),
      [...args.scopes],
    ]);
    await client.query('COMMIT');
    return { tenantId, keyId: inserted.rows[0]!.id, key };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
