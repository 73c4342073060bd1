-- Read models the api answers from, written only by the projector (services/projector) from the compacted
-- topics folio.records.v1, folio.batches.v1, folio.calls.v1 and folio.hotels.v1. Every row carries the
-- version of the state it was projected from; upserts apply only a newer version, so replays and duplicates
-- change nothing. `make rebuild-projections` truncates these tables (except record_erasures) and replays.

-- Up Migration

-- One row per folio request (FolioRequestState). Personal data: guest names, confirmation number, dates,
-- destination email; erasure deletes the row (and its history), leaving a record_erasures row.
CREATE TABLE records (
  record_id           uuid        PRIMARY KEY,
  tenant_id           text        NOT NULL,
  external_id         text        NOT NULL,
  status              text        NOT NULL,
  source              text        NOT NULL,
  hotel_phone         text        NOT NULL,
  hotel_name          text,
  guest_first_name    text        NOT NULL,
  guest_last_name     text        NOT NULL,
  confirmation_number text        NOT NULL,
  check_in            date        NOT NULL,
  check_out           date        NOT NULL,
  destination_email   text        NOT NULL,
  batch_id            text,
  last_call_id        text,
  -- Contact attempts (calls and email requests), and per channel from the history's RecordContacted events.
  attempts            integer     NOT NULL DEFAULT 0,
  call_attempts       integer     NOT NULL DEFAULT 0,
  email_attempts      integer     NOT NULL DEFAULT 0,
  -- Channel of the last contact ('CALL' | 'EMAIL'), null before the first contact.
  last_channel        text,
  -- What happens next and when: 'contact' (queued/scheduled/callback), null when nothing is scheduled.
  next_action         text,
  next_action_at      timestamptz,
  -- Reason of the last history entry: { code, message, field }.
  last_reason         jsonb,
  -- Extracted folio summary (FolioDocument as JSON) and the object storage key of the received document.
  folio               jsonb,
  document_key        text,
  created_at          timestamptz NOT NULL,  -- when the requester created the request
  received_at         timestamptz NOT NULL,  -- when Folio accepted it (RecordReceived)
  folio_received_at   timestamptz,           -- first FolioReceived
  delivered_at        timestamptz,           -- first FolioDelivered
  updated_at          timestamptz NOT NULL,
  version             bigint      NOT NULL
);

-- The api's list filters, each ordered for keyset pagination on (created_at DESC, record_id DESC).
CREATE INDEX records_tenant_created_idx ON records (tenant_id, created_at DESC, record_id DESC);
CREATE INDEX records_tenant_status_created_idx ON records (tenant_id, status, created_at DESC, record_id DESC);
CREATE INDEX records_tenant_hotel_created_idx ON records (tenant_id, hotel_phone, created_at DESC, record_id DESC);
CREATE INDEX records_tenant_external_id_idx ON records (tenant_id, external_id);

-- The audit timeline: one row per history entry of a request (seq = the request's version after the event).
-- details never hold personal data (see RecordHistoryEntry); rows go with the request on erasure.
CREATE TABLE record_history (
  record_id      uuid        NOT NULL REFERENCES records (record_id) ON DELETE CASCADE,
  seq            bigint      NOT NULL,
  type           text        NOT NULL,
  at             timestamptz NOT NULL,
  status         text        NOT NULL,
  reason         jsonb,
  details        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  correlation_id text,
  causation_id   text,
  PRIMARY KEY (record_id, seq)
);

-- What is left of an erased request: no personal data, enough to answer "erased" and to audit the erasure.
-- Also stops an older state of the request (e.g. read again during a rebuild) from bringing it back.
CREATE TABLE record_erasures (
  record_id  uuid        PRIMARY KEY,
  tenant_id  text,
  erased_at  timestamptz NOT NULL,
  -- Where the tombstone was read; null when the rows were erased directly (not from a tombstone).
  topic      text,
  partition  integer,
  "offset"   bigint
);
CREATE INDEX record_erasures_tenant_idx ON record_erasures (tenant_id, erased_at DESC);

-- Batches (Batch on folio.batches.v1, keyed by hotel phone; one row per batch id). Entries are kept as
-- record ids only: the guest names and confirmation numbers of the entries stay on the records rows.
CREATE TABLE batches (
  batch_id                   text        PRIMARY KEY,
  hotel_phone                text        NOT NULL,
  status                     text        NOT NULL,
  channel                    text        NOT NULL,
  record_ids                 uuid[]      NOT NULL DEFAULT '{}',
  tenant_ids                 text[]      NOT NULL DEFAULT '{}',
  estimated_duration_seconds integer     NOT NULL,
  hotel_time_zone            text,
  scheduled_for              timestamptz,
  dispatched_at              timestamptz,
  call_id                    text,
  email_id                   text,
  created_at                 timestamptz NOT NULL,
  updated_at                 timestamptz NOT NULL,
  version                    bigint      NOT NULL
);
CREATE INDEX batches_hotel_created_idx ON batches (hotel_phone, created_at DESC);
CREATE INDEX batches_record_ids_idx ON batches USING gin (record_ids);

-- Calls (Call on folio.calls.v1). Turns and outcomes hold what was said, which may name a guest: erasing a
-- request removes its id, turns and outcomes from the calls that raised it; a Call tombstone deletes the row.
CREATE TABLE calls (
  call_id          text        PRIMARY KEY,
  batch_id         text        NOT NULL,
  hotel_phone      text        NOT NULL,
  status           text        NOT NULL,
  connection_type  text        NOT NULL,
  provider_call_id text,
  record_ids       uuid[]      NOT NULL DEFAULT '{}',
  ivr_steps        jsonb       NOT NULL DEFAULT '[]'::jsonb,
  turns            jsonb       NOT NULL DEFAULT '[]'::jsonb,
  outcomes         jsonb       NOT NULL DEFAULT '[]'::jsonb,
  placed_at        timestamptz NOT NULL,
  connected_at     timestamptz,
  ended_at         timestamptz,
  end_reason       text,
  recording_key    text,
  updated_at       timestamptz NOT NULL,
  version          bigint      NOT NULL
);
CREATE INDEX calls_batch_idx ON calls (batch_id);
CREATE INDEX calls_hotel_placed_idx ON calls (hotel_phone, placed_at DESC);
CREATE INDEX calls_record_ids_idx ON calls USING gin (record_ids);

-- Hotel profiles (Hotel on folio.hotels.v1); a tombstone deletes the row.
CREATE TABLE hotels (
  hotel_phone        text        PRIMARY KEY,
  name               text,
  address            text,
  time_zone          text,
  email              text,
  contact_preference text        NOT NULL,
  leave_voicemail    boolean     NOT NULL,
  business_hours     jsonb       NOT NULL DEFAULT '[]'::jsonb,
  ivr_path           jsonb       NOT NULL DEFAULT '[]'::jsonb,
  answer_stats       jsonb       NOT NULL DEFAULT '[]'::jsonb,
  updated_at         timestamptz NOT NULL,
  version            bigint      NOT NULL
);

-- Down Migration
DROP TABLE hotels;
DROP TABLE calls;
DROP TABLE batches;
DROP TABLE record_erasures;
DROP TABLE record_history;
DROP TABLE records;
