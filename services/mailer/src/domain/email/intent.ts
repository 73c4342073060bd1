// The send intent: the record, written before the SMTP conversation, that lets a redelivered SendEmail know
// whether its email already left. `decideSend` says what a delivery of the command must do given the intent.
import type { BounceKind, EmailPurpose } from '@folio/contracts';

interface IntentCore {
  readonly emailId: string;
  readonly messageId: string;
  readonly purpose: EmailPurpose;
  readonly batchId: string | null;
  readonly hotelPhone: string;
  readonly recordIds: readonly string[];
  readonly toAddress: string;
  readonly replyToken: string;
  /** When the intent last changed (a send began, failed or ended). */
  readonly updatedAt: number;
}

/**
 * sending: the SMTP conversation began and its outcome is not known (a crash may have followed acceptance);
 * failed: the server refused it with a temporary error, nothing was accepted;
 * sent / bounced: final.
 */
export type SendIntent =
  | (IntentCore & { readonly status: 'sending' })
  | (IntentCore & { readonly status: 'failed'; readonly diagnostic: string })
  | (IntentCore & { readonly status: 'sent'; readonly sentAt: number })
  | (IntentCore & { readonly status: 'bounced'; readonly kind: BounceKind; readonly diagnostic: string | null; readonly bouncedAt: number });

export type SendDecision =
  /** Nothing left before: send now. */
  | { readonly kind: 'send' }
  /** It left (or bounced) before: publish its events again, send nothing. */
  | { readonly kind: 'republish-sent' }
  | { readonly kind: 'republish-bounced' }
  /** A send began and nobody knows how it ended: look for its copy; `resendIfMissing` once the copy had time to arrive. */
  | { readonly kind: 'verify'; readonly resendIfMissing: boolean };

export function decideSend(intent: SendIntent | null, now: number, settleMs: number): SendDecision {
  if (intent === null) return { kind: 'send' };
  switch (intent.status) {
    case 'failed':
      return { kind: 'send' };
    case 'sent':
      return { kind: 'republish-sent' };
    case 'bounced':
      return { kind: 'republish-bounced' };
    case 'sending':
      return { kind: 'verify', resendIfMissing: now - intent.updatedAt >= settleMs };
    default:
      return intent satisfies never;
  }
}

/** What a bounce notice does to an intent: only a first bounce of a known email is published. */
export function decideBounce(intent: SendIntent | null): 'publish' | 'already-bounced' | 'unknown-email' {
  if (intent === null) return 'unknown-email';
  return intent.status === 'bounced' ? 'already-bounced' : 'publish';
}
