-- Up Migration
-- Live call state of the caller: one row per call (callId), locked by each webhook (SELECT ... FOR UPDATE) so
-- webhooks reaching any replica apply one at a time; the conversation is the pure state machine's state.
CREATE TABLE caller_calls (
  call_id           text PRIMARY KEY,
  batch_id          text NOT NULL,
  hotel_phone       text NOT NULL,
  -- dialing: intent recorded, Twilio not yet answered; placed: Twilio accepted it; ended: final status seen.
  status            text NOT NULL CHECK (status IN ('dialing', 'placed', 'ended')),
  provider_call_sid text UNIQUE,
  command           jsonb NOT NULL,
  conversation      jsonb NOT NULL,
  answered_by       text,
  -- the first Gather has been answered (the initial listen after pick-up is over)
  listened          boolean NOT NULL DEFAULT false,
  turn_index        integer NOT NULL DEFAULT 0,
  last_twiml        text,
  connected_at      timestamptz,
  ended_at          timestamptz,
  end_reason        text,
  dial_error        text,
  recording_url     text,
  recording_key     text,
  transcript_key    text,
  recording_error   text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX caller_calls_open ON caller_calls (updated_at) WHERE status <> 'ended';
CREATE INDEX caller_calls_recordings ON caller_calls (updated_at) WHERE recording_url IS NOT NULL AND recording_key IS NULL;

-- Transactional outbox: events written with the call state in one transaction, relayed to Kafka in order by
-- one relay at a time (advisory lock), deleted once Kafka acknowledged them. Values are Avro wire format.
CREATE TABLE caller_outbox (
  id         bigserial PRIMARY KEY,
  call_id    text NOT NULL,
  topic      text NOT NULL,
  key        text NOT NULL,
  value      bytea,
  headers    jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE caller_outbox;
DROP TABLE caller_calls;
