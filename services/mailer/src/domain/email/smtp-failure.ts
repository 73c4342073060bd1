// How a failed SMTP conversation is treated: a 5xx reply about the recipient or message is a hard bounce at
// once, a 4xx reply or a broken connection is retried, and a refused login is our configuration, never the
// hotel's fault (it must not bounce the request).
export interface SmtpFailureInfo {
  /** nodemailer's error code: EENVELOPE, EMESSAGE, ECONNECTION, ETIMEDOUT, ESOCKET, EDNS, EAUTH, ... */
  readonly code?: string | undefined;
  /** The server's reply code, when it replied. */
  readonly responseCode?: number | undefined;
  readonly response?: string | undefined;
  /** The SMTP command the reply answered: MAIL FROM, RCPT TO, DATA... */
  readonly command?: string | undefined;
  readonly message: string;
}

export type SmtpFailureKind =
  /** 5xx to the recipient or the message: the email cannot be delivered. */
  | 'permanent'
  /** 4xx to the recipient or the message: try again later; still refused after the retries, a soft bounce. */
  | 'transient'
  /** 4xx elsewhere (greeting, MAIL FROM: the server is busy or limits us): try again later, never a bounce. */
  | 'server-busy'
  /** No usable reply (refused, reset, timed out, DNS): whether the message was accepted may be unknown. */
  | 'connection'
  /** Login refused, TLS required, our sender refused: fix the configuration; the command waits. */
  | 'configuration';

const ABOUT_THE_EMAIL = new Set(['RCPT TO', 'DATA']);

export function classifySmtpFailure(failure: SmtpFailureInfo): SmtpFailureKind {
  if (failure.code === 'EAUTH' || failure.code === 'ENOAUTH' || failure.code === 'ETLS' || failure.responseCode === 530 || failure.responseCode === 535) return 'configuration';
  const reply = failure.responseCode;
  // Without the command (an end-of-data reply, or an error without it) the reply is about the email.
  const aboutEmail = failure.command === undefined || ABOUT_THE_EMAIL.has(failure.command);
  if (reply !== undefined && reply >= 500 && reply < 600) return aboutEmail ? 'permanent' : 'configuration';
  if (reply !== undefined && reply >= 400 && reply < 500) return aboutEmail ? 'transient' : 'server-busy';
  return 'connection';
}

/** Backoff before retry `attempt` (1-based): base, 2x base, 4x base... capped at 30 s. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** (attempt - 1), 30_000);
}

/** The diagnostic text an EmailBounced carries: the server's reply if there was one. */
export function diagnosticOf(failure: SmtpFailureInfo): string {
  return (failure.response ?? failure.message).slice(0, 1_000);
}
