-- Up Migration
-- The inbox service (services/inbox, docs/inbox.md).

-- Request emails the mailer sent (EmailSent on folio.email-events.v1): replies are matched to requests by the
-- reply token of their plus-address and by In-Reply-To/References against these Message-IDs.
CREATE TABLE inbox_sent_emails (
  message_id  text        PRIMARY KEY,
  email_id    text        NOT NULL,
  reply_token text        NOT NULL,
  record_ids  uuid[]      NOT NULL,
  hotel_phone text        NOT NULL,
  -- The hotel's address: its domain is evidence that a later email comes from that hotel.
  to_address  text        NOT NULL,
  sent_at     timestamptz NOT NULL
);
CREATE INDEX inbox_sent_emails_token_idx ON inbox_sent_emails (reply_token);
CREATE INDEX inbox_sent_emails_hotel_idx ON inbox_sent_emails (hotel_phone);

-- Every email the inbox processed, one row per Message-ID, written after its events were published: a
-- message read again (redelivery, restart, a copy) is moved to its folder without being published again.
-- review_reason not null (and reviewed_at null) puts it on the operators' review list.
CREATE TABLE inbox_messages (
  message_id         text        PRIMARY KEY,
  -- The tenant whose inbox address it reached, or of the requests it matched; null when unknown.
  tenant_id          text,
  from_address       text        NOT NULL,
  to_address         text        NOT NULL,
  subject            text        NOT NULL,
  received_at        timestamptz NOT NULL,
  -- MatchMethod of InboundEmailReceived (UNMATCHED when nothing was accepted).
  match_method       text        NOT NULL,
  matched_record_ids uuid[]      NOT NULL DEFAULT '{}',
  -- NO_MATCH | LOW_CONFIDENCE | AMBIGUOUS | NO_DOCUMENT | ATTACHMENTS_UNASSIGNED | REQUEST_CLOSED, or null.
  review_reason      text,
  -- [{ recordId, confidence }]: the requests an operator may pick from.
  suggestions        jsonb       NOT NULL DEFAULT '[]'::jsonb,
  -- [Attachment] stored in the object store, and [{ filename, contentType, sizeBytes, reason }] ignored.
  attachments        jsonb       NOT NULL DEFAULT '[]'::jsonb,
  ignored            jsonb       NOT NULL DEFAULT '[]'::jsonb,
  -- Object storage key of the raw message (RFC 5322 source).
  raw_key            text,
  -- The IMAP folder it was moved to.
  folder             text        NOT NULL,
  processed_at       timestamptz NOT NULL,
  -- Set when an operator has dealt with it (through the api; see docs/inbox.md).
  reviewed_at        timestamptz
);
CREATE INDEX inbox_messages_review_idx ON inbox_messages (tenant_id, processed_at DESC)
  WHERE review_reason IS NOT NULL AND reviewed_at IS NULL;
CREATE INDEX inbox_messages_records_idx ON inbox_messages USING gin (matched_record_ids);

-- Down Migration
DROP TABLE inbox_messages;
DROP TABLE inbox_sent_emails;
