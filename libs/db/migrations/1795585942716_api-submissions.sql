-- What the api accepted, so a repeated POST (same externalId, or same Idempotency-Key) is answered as before
-- without publishing again. Holds no personal data: the request itself is only a SHA-256 fingerprint.

-- Up Migration
CREATE TABLE api_submissions (
  tenant_id       uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  record_id       uuid        NOT NULL,
  external_id     text        NOT NULL,
  idempotency_key text        CHECK (idempotency_key IS NULL OR length(idempotency_key) BETWEEN 1 AND 255),
  fingerprint     text        NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, record_id)
);

CREATE UNIQUE INDEX api_submissions_idempotency_key_idx ON api_submissions (tenant_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- Down Migration
DROP TABLE api_submissions;
