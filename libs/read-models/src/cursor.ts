// Keyset cursors for listRecords: the (createdAt, recordId) of the last row of a page, opaque to clients.

export interface RecordCursor {
  createdAt: Date;
  recordId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class InvalidCursorError extends Error {
  readonly code = 'INVALID_CURSOR';
  constructor(message = 'the cursor is not one this api returned') {
    super(message);
    this.name = 'InvalidCursorError';
  }
}

export function encodeCursor(cursor: RecordCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.recordId]), 'utf8').toString('base64url');
}

/** The cursor's position; throws InvalidCursorError (code INVALID_CURSOR) for anything not made by encodeCursor. */
export function decodeCursor(text: string): RecordCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursorError();
  const [at, id] = parsed as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id)) throw new InvalidCursorError();
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime())) throw new InvalidCursorError();
  return { createdAt, recordId: id.toLowerCase() };
}
