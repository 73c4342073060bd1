// The CSV import's columns: a header row naming request fields (any order), empty cells as absent values.
// externalId is required in a CSV so that importing the same file twice creates nothing new.
import type { FieldIssue } from '@folio/errors';
import { REQUEST_FIELDS } from './request-input.js';

export const CSV_REQUIRED_COLUMNS = ['externalId', 'guestFirstName', 'guestLastName', 'confirmationNumber', 'checkIn', 'checkOut', 'hotelPhone', 'destinationEmail'] as const;

/** Problems with a header row: unknown, repeated or missing columns. */
export function headerIssues(header: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const column of header) {
    if (!(REQUEST_FIELDS as readonly string[]).includes(column)) issues.push({ field: column || '(empty column name)', reason: 'is not a documented column' });
    else if (seen.has(column)) issues.push({ field: column, reason: 'appears twice' });
    seen.add(column);
  }
  for (const column of CSV_REQUIRED_COLUMNS) if (!seen.has(column)) issues.push({ field: column, reason: 'column is required' });
  return issues;
}

/** A CSV record as a request body: empty cells dropped (absent), and externalId required. */
export function rowToBody(record: Readonly<Record<string, string | undefined>>): { body: Record<string, string>; issues: FieldIssue[] } {
  const body: Record<string, string> = {};
  for (const [column, cell] of Object.entries(record)) if (cell !== undefined && cell.trim() !== '') body[column] = cell;
  const issues: FieldIssue[] = body.externalId === undefined ? [{ field: 'externalId', reason: 'is required in a CSV import' }] : [];
  return { body, issues };
}
