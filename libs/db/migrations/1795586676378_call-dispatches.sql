-- Global contact limits shared by every batcher replica (docs/adr/0015-batcher-and-global-call-limits.md): one row per
-- call or email a batch was granted, and one rate row per scope whose row lock serialises every grant.

-- Up Migration
CREATE TABLE call_dispatches (
  scope        text        NOT NULL,
  -- The callId or emailId: a repeated grant for the same dispatch returns the first one.
  dispatch_id  text        NOT NULL,
  hotel_phone  text        NOT NULL,
  channel      text        NOT NULL CHECK (channel IN ('call', 'email')),
  granted_at   timestamptz NOT NULL,
  -- When the call ended (or expired); emails are released when granted.
  released_at  timestamptz,
  PRIMARY KEY (scope, dispatch_id)
);

CREATE INDEX call_dispatches_hotel_idx ON call_dispatches (scope, hotel_phone, granted_at);
-- One call per hotel at a time, whatever a replica believes.
CREATE UNIQUE INDEX call_dispatches_one_call_per_hotel ON call_dispatches (scope, hotel_phone)
  WHERE channel = 'call' AND released_at IS NULL;
CREATE INDEX call_dispatches_active_idx ON call_dispatches (scope) WHERE channel = 'call' AND released_at IS NULL;

CREATE TABLE call_rate (
  scope   text        PRIMARY KEY,
  -- The earliest time the next call may be granted (calls per second).
  next_at timestamptz NOT NULL
);

-- Down Migration
DROP TABLE call_rate;
DROP TABLE call_dispatches;
