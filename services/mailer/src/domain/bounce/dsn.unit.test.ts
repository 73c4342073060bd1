// The DSN parser on real-shaped notifications (Postfix, Exim, Microsoft, a delay warning, a plain reply).
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { bounceOf, parseDeliveryStatus } from './dsn.js';

const crlf = (s: string) => s.replace(/\n/g, '\r\n');

// Postfix: a hard bounce, the original returned whole as message/rfc822.
const postfixHard = crlf(`Return-Path: <>
Delivered-To: bounces@folio.test
From: MAILER-DAEMON@mail.folio.test (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: bounces@folio.test
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="8C1A02C1A.1732530000/mail.folio.test"
Message-Id: <20261125083000.8C1A02C1A@mail.folio.test>

This is a MIME-encapsulated message.

--8C1A02C1A.1732530000/mail.folio.test
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mail.folio.test.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<frontdesk@hotel.example>: host mx.hotel.example[203.0.113.5] said: 550 5.1.1
    <frontdesk@hotel.example>: Recipient address rejected: User unknown (in
    reply to RCPT TO command)

--8C1A02C1A.1732530000/mail.folio.test
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.folio.test
X-Postfix-Queue-ID: 8C1A02C1A
X-Postfix-Sender: rfc822; bounces@folio.test
Arrival-Date: Wed, 25 Nov 2026 08:29:58 +0000 (UTC)

Final-Recipient: rfc822; frontdesk@hotel.example
Original-Recipient: rfc822;frontdesk@hotel.example
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.hotel.example
Diagnostic-Code: smtp; 550 5.1.1 <frontdesk@hotel.example>: Recipient address
    rejected: User unknown

--8C1A02C1A.1732530000/mail.folio.test
Content-Description: Undelivered Message
Content-Type: message/rfc822

Return-Path: <bounces@folio.test>
From: Acme Travel <folios@folio.test>
To: frontdesk@hotel.example
Subject: Folio request: Ada Guest, confirmation CONF-1 [ref 1a2b3c4d5e6f]
Message-ID: <email-b1@folio.test>
X-Folio-Email-Id: email-b1
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hello,
--8C1A02C1A.1732530000/mail.folio.test--
`);

// Exim: a soft failure after the retry period, only the headers returned (text/rfc822-headers).
const eximSoft = crlf(`From: Mail Delivery System <Mailer-Daemon@relay.example>
To: bounces@folio.test
Subject: Mail delivery failed: returning message to sender
Content-Type: multipart/report; report-type=delivery-status; boundary=1732530000-eximdsn-1804289383
MIME-Version: 1.0

--1732530000-eximdsn-1804289383
Content-type: text/plain; charset=us-ascii

This message was created automatically by mail delivery software.

--1732530000-eximdsn-1804289383
Content-type: message/delivery-status

Reporting-MTA: dns; relay.example

Action: failed
Final-Recipient: rfc822;reservations@hotel.example
Status: 4.2.2
Diagnostic-Code: smtp; 452 4.2.2 Mailbox full

--1732530000-eximdsn-1804289383
Content-type: text/rfc822-headers

Message-ID: <email-b2@folio.test>
From: Acme Travel <folios@folio.test>
Subject: Reminder
--1732530000-eximdsn-1804289383--
`);

// A delay warning: the server is still trying; not a bounce.
const delayed = crlf(`Content-Type: multipart/report; report-type=delivery-status; boundary="b"

--b
Content-Type: text/plain

Delayed.
--b
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example

Final-Recipient: rfc822; frontdesk@hotel.example
Action: delayed
Status: 4.4.7
Will-Retry-Until: Fri, 27 Nov 2026 08:00:00 +0000

--b
Content-Type: text/rfc822-headers

Message-ID: <email-b3@folio.test>
--b--
`);

// Microsoft-style: the report nested in multipart/mixed, the status part base64-encoded.
const statusBody = 'Reporting-MTA: dns;EXCH01.hotel.example\r\n\r\nFinal-recipient: RFC822; gm@hotel.example\r\nAction: failed\r\nStatus: 5.2.2\r\nDiagnostic-Code: smtp;554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException\r\n';
const nested = crlf(`Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/report; report-type=delivery-status; boundary="inner"

--inner
Content-Type: text/plain

Delivery has failed to these recipients.
--inner
Content-Type: message/delivery-status
Content-Transfer-Encoding: base64

${Buffer.from(statusBody).toString('base64')}
--inner
Content-Type: message/rfc822

Message-ID:
 <email-b4@folio.test>
Subject: x

body
--inner--
--outer--
`);

describe('parseDeliveryStatus', () => {
  it('reads a Postfix hard bounce: recipient, 5.1.1, diagnostic and the original Message-ID', () => {
    const report = parseDeliveryStatus(postfixHard)!;
    expect(report.reportingMta).toBe('mail.folio.test');
    expect(report.originalMessageId).toBe('<email-b1@folio.test>');
    expect(report.originalEmailId).toBe('email-b1');
    expect(bounceOf(report)).toEqual({
      kind: 'HARD',
      recipient: 'frontdesk@hotel.example',
      status: '5.1.1',
      diagnostic: '550 5.1.1 <frontdesk@hotel.example>: Recipient address rejected: User unknown',
    });
  });

  it('reads an Exim soft failure (4.x.x) with only the original headers returned', () => {
    const report = parseDeliveryStatus(eximSoft)!;
    expect(report.originalMessageId).toBe('<email-b2@folio.test>');
    expect(bounceOf(report)).toMatchObject({ kind: 'SOFT', recipient: 'reservations@hotel.example', status: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' });
  });

  it('takes a delay warning for no bounce', () => {
    const report = parseDeliveryStatus(delayed)!;
    expect(report.recipients[0]).toMatchObject({ action: 'delayed', status: '4.4.7' });
    expect(bounceOf(report)).toBeNull();
  });

  it('finds a base64 report nested in multipart/mixed and a folded Message-ID', () => {
    const report = parseDeliveryStatus(nested)!;
    expect(report.originalMessageId).toBe('<email-b4@folio.test>');
    expect(bounceOf(report)).toMatchObject({ kind: 'HARD', recipient: 'gm@hotel.example', status: '5.2.2' });
  });

  it('says a reply or an auto-reply is no DSN', () => {
    expect(parseDeliveryStatus(crlf('From: frontdesk@hotel.example\nSubject: Re: Folio request\nContent-Type: text/plain\n\nAttached.\n'))).toBeNull();
    expect(parseDeliveryStatus('')).toBeNull();
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 2_000 }), (raw) => {
      parseDeliveryStatus(raw);
      parseDeliveryStatus(`Content-Type: multipart/report; boundary=x\n\n--x\nContent-Type: message/delivery-status\n\n${raw}\n--x--`);
    }));
  });
});
