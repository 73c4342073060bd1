-- Up Migration
-- Send intents of the mailer (docs/adr/0020-mailer-send-intents-and-sent-copies.md): one row per emailId,
-- written before the SMTP conversation, so a redelivered SendEmail knows whether its email already left.
CREATE TABLE mailer_emails (
  email_id     text PRIMARY KEY,
  -- <emailId@domain>: matched against DSNs (bounces) and, by the inbox, against In-Reply-To of replies.
  message_id   text NOT NULL UNIQUE,
  -- sending: outcome unknown; failed: refused temporarily, nothing accepted; sent / bounced: final.
  status       text NOT NULL CHECK (status IN ('sending', 'failed', 'sent', 'bounced')),
  purpose      text NOT NULL,
  batch_id     text,
  hotel_phone  text NOT NULL,
  record_ids   text[] NOT NULL,
  to_address   text NOT NULL,
  reply_token  text NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  diagnostic   text,
  bounce_kind  text,
  sent_at      timestamptz,
  bounced_at   timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mailer_emails_unsettled ON mailer_emails (updated_at) WHERE status = 'sending';

-- Global send limits shared by every mailer replica (docs/adr/0021-mailer-rate-limits-and-smtp-failures.md):
-- one row per granted send, and one rate row per scope whose row lock serialises every grant.
CREATE TABLE mailer_send_grants (
  scope      text        NOT NULL,
  -- The emailId: a redelivered command gets its first grant back and never takes a second slot.
  email_id   text        NOT NULL,
  granted_at timestamptz NOT NULL,
  PRIMARY KEY (scope, email_id)
);
CREATE INDEX mailer_send_grants_window ON mailer_send_grants (scope, granted_at);

CREATE TABLE mailer_send_rate (
  scope   text        PRIMARY KEY,
  -- The earliest time the next send may be granted (per-minute spacing).
  next_at timestamptz NOT NULL
);

-- Down Migration
DROP TABLE mailer_send_rate;
DROP TABLE mailer_send_grants;
DROP TABLE mailer_emails;
