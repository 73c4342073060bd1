#!/usr/bin/env node
// Creates a tenant (or reuses it by inbox address) and a new API key for it, for local use; prints the key
// once (only its SHA-256 is stored). Usage: folio-api-key --tenant acme [--scopes write,read] [--inbox addr]
import { parseArgs } from 'node:util';
import { createPool, migrate } from '@folio/db';
import { createTenantKey, SCOPES, type Scope } from '../adapters/api-keys.js';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    scopes: { type: 'string', default: 'write,read' },
    inbox: { type: 'string' },
    sender: { type: 'string' },
  },
});

function fail(message: string): never {
  process.stderr.write(`api-key: ${message}\nusage: folio-api-key --tenant NAME [--scopes write,read,admin] [--inbox EMAIL] [--sender NAME]\n`);
  process.exit(2);
}

const tenant = values.tenant?.trim();
if (!tenant) fail('--tenant is required');
const scopes = values.scopes.split(',').map((s) => s.trim()).filter(Boolean);
const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
if (scopes.length === 0 || unknown.length > 0) fail(`scopes must be among ${SCOPES.join(', ')} (got ${values.scopes})`);
const url = process.env.DATABASE_URL;
if (!url) fail('DATABASE_URL is not set (source <(scripts/infra/env.sh --print))');
const slug = tenant.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'tenant';

await migrate(url);
const pool = createPool(url, { max: 1, applicationName: 'folio-api-key' });
try {
  const created = await createTenantKey(pool, {
    name: tenant,
    inboxEmail: values.inbox ?? `folios+${slug}@folio.localhost`,
    senderName: values.sender ?? tenant,
    scopes: scopes as Scope[],
  });
  process.stderr.write(`tenant ${tenant}: ${created.tenantId}\nkey id ${created.keyId}, scopes ${scopes.join(',')}\nthe key (shown once, store it now):\n`);
  process.stdout.write(`${created.key}\n`);
} finally {
  await pool.end();
}
