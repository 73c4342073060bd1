-- Tenants (client companies) and their API keys. Keys are stored only as the SHA-256 hex of the key,
-- so a leaked table cannot be replayed against the API.

-- Up Migration
CREATE TABLE tenants (
  id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text        NOT NULL CHECK (btrim(name) <> ''),
  -- The tenant's Folio inbox: hotels send folios here, so one address belongs to one tenant.
  inbox_email text        NOT NULL UNIQUE CHECK (inbox_email LIKE '%_@_%'),
  sender_name text        NOT NULL CHECK (btrim(sender_name) <> ''),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id  uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  key_hash   text        NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  scopes     text[]      NOT NULL CHECK (
               cardinality(scopes) > 0 AND scopes <@ ARRAY['write', 'read', 'admin']::text[]
             ),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz CHECK (revoked_at IS NULL OR revoked_at >= created_at)
);

CREATE INDEX api_keys_tenant_id_idx ON api_keys (tenant_id);

-- Down Migration
DROP TABLE api_keys;
DROP TABLE tenants;
