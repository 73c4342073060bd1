// What a SendEmail must hold before anything is sent; every problem is named, so the dead letter says
// exactly what the producer got wrong.
import type { SendEmail } from '@folio/contracts';
import { ValidationError, type FieldIssue } from '@folio/errors';

const ADDRESS = /^[^@\s<>(),;:"]+@[^@\s<>(),;:"]+\.[^@\s<>(),;:"]+$/;

export function isAddress(value: string): boolean {
  return ADDRESS.test(value);
}

/** Throws a ValidationError (code NO_RECIPIENT, UNKNOWN_PURPOSE, KEY_MISMATCH or INVALID_SEND_EMAIL) listing every issue. */
export function validateSendEmail(command: SendEmail, key: string | null): void {
  const issues: FieldIssue[] = [];
  let code = 'INVALID_SEND_EMAIL';
  const flag = (field: string, reason: string, specific?: string) => {
    issues.push({ field, reason });
    if (specific && code === 'INVALID_SEND_EMAIL') code = specific;
  };
  if (!command.toAddress.trim()) flag('toAddress', 'no recipient address', 'NO_RECIPIENT');
  else if (!isAddress(command.toAddress)) flag('toAddress', `"${command.toAddress}" is not an email address`, 'NO_RECIPIENT');
  if (command.purpose === 'UNKNOWN') flag('purpose', 'the purpose is UNKNOWN (a newer producer?); the mailer sends FOLIO_REQUEST, FOLLOW_UP and FOLIO_DELIVERY', 'UNKNOWN_PURPOSE');
  if (!command.emailId.trim()) flag('emailId', 'empty');
  if (key !== null && key !== command.hotelPhone) flag('hotelPhone', `differs from the message key ${key}`, 'KEY_MISMATCH');
  if (!isAddress(command.replyToAddress)) flag('replyToAddress', `"${command.replyToAddress}" is not an email address`);
  if (command.entries.length === 0) flag('entries', 'the email is about no request');
  if (command.purpose === 'FOLIO_DELIVERY' && command.attachments.length === 0) flag('attachments', 'a delivery carries the folio, but no attachment is named');
  command.attachments.forEach((a, i) => {
    if (!a.storageKey.trim()) flag(`attachments[${i}].storageKey`, 'empty');
  });
  if (issues.length > 0) throw new ValidationError(issues, code);
}
