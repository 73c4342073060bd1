// What the matcher knows of an email, a sent request email, and an open folio request. Plain data: the
// adapters fill them from the parsed message, folio.email-events.v1 and the read model.

export interface MailAttachment {
  /** Position among the email's attachments (stable for one message). */
  readonly index: number;
  readonly filename: string;
  readonly contentType: string;
  readonly sizeBytes: number;
}

export interface InboundMail {
  /** Message-ID with angle brackets, e.g. "<abc@hotel.example>". */
  readonly messageId: string;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  /** Sender address (local@domain). */
  readonly from: string;
  /** To, Cc, Delivered-To and X-Original-To addresses: the Folio inbox address (with its plus part) is among them. */
  readonly recipients: readonly string[];
  readonly subject: string;
  /** The plain-text body (the HTML part as text when there is no text part). */
  readonly text: string;
  readonly attachments: readonly MailAttachment[];
  /** An automatic answer (Auto-Submitted, X-Autoreply, Precedence auto_reply): an out-of-office note, no folio. */
  readonly autoReply?: boolean;
}

/** A request email the mailer sent (EmailSent), as the inbox keeps it. */
export interface SentEmail {
  readonly messageId: string;
  readonly replyToken: string;
  readonly recordIds: readonly string[];
  readonly toAddress: string;
  readonly hotelPhone: string;
}

/** A folio request that may be waiting for its folio (from the projector's read model). */
export interface OpenRequest {
  readonly recordId: string;
  readonly tenantId: string;
  readonly status: string;
  readonly guestFirstName: string;
  readonly guestLastName: string;
  readonly confirmationNumber: string;
  readonly hotelPhone: string;
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** The plus part of an address's local part (`folios+abc@x` -> `abc`), if any. */
export function plusPart(address: string): string | null {
  const at = address.lastIndexOf('@');
  const local = at < 0 ? address : address.slice(0, at);
  const plus = local.indexOf('+');
  if (plus < 0) return null;
  const part = local.slice(plus + 1);
  return /^[A-Za-z0-9_-]{4,64}$/.test(part) ? part : null;
}

/** The reference quoted to hotels for a request (as records computes it): F- and the first 10 hex digits of its id. */
export function referenceFor(recordId: string): string {
  return `F-${recordId.replace(/-/g, '').slice(0, 10).toUpperCase()}`;
}
