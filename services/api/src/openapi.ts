// The OpenAPI 3.1 document of the api, served at /openapi.json. Its schemas are JSON Schema 2020-12; the e2e
// tests validate every response they receive against them, so the document cannot drift from the code.
import { RequestStatusSymbols } from '@folio/contracts';
import { FIELD_LIMITS } from './domain/request-input.js';
import { CSV_REQUIRED_COLUMNS } from './domain/csv-row.js';
import { ERASE_REASONS } from './handlers/erase-record.js';

export interface OpenApiLimits {
  readonly batchMaxItems: number;
  readonly listMaxLimit: number;
  readonly importMaxRows: number;
  readonly defaultCountry: string;
  readonly stayMaxNights: number;
  /** Lifetime of the presigned URL behind a recording, transcript or folio link, in seconds. */
  readonly linkTtlSeconds: number;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const uuid = { type: 'string', format: 'uuid' } as const;
const str = (maxLength: number, description?: string) => ({ type: 'string', minLength: 1, maxLength, ...(description ? { description } : {}) });
const optStr = (maxLength: number, description?: string) => ({ type: ['string', 'null'], maxLength, ...(description ? { description } : {}) });
const date = (description: string) => ({ type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const dateTime = { type: 'string', format: 'date-time' } as const;
const dateTimeOrNull = { type: ['string', 'null'], format: 'date-time' } as const;
const nullable = (schema: { type: string } & Record<string, unknown>) => ({ ...schema, type: [schema.type, 'null'] });
const common = { 401: problem('No API key, or an unknown or revoked one.'), 403: problem('The API key lacks the scope.') };
const idParam = { name: 'id', in: 'path', required: true, schema: uuid, description: 'The recordId.' };
const callIdParam = { name: 'callId', in: 'path', required: true, schema: { type: 'string', minLength: 1 }, description: 'A callId from the request\'s calls.' };
const redirectParam = {
  name: 'redirect',
  in: 'query',
  required: false,
  schema: { type: 'string', enum: ['true', 'false'], default: 'true' },
  description: 'false answers 200 with the URL and its expiry instead of redirecting.',
};

/** One link route: 302 to a presigned GET URL of the object, or 200 {url, expiresAt} with redirect=false. */
function linkOperation(operationId: string, summary: string, what: string, notAvailable: string, ttlSeconds: number, callParam: boolean) {
  return {
    get: {
      operationId,
      summary,
      description:
        `Redirects to a presigned GET URL of ${what} in the object store, valid ${ttlSeconds} s (earlier if the store's temporary credentials expire first). ` +
        'The URL itself needs no API key: treat it as a secret until it expires. Each call signs a fresh one.',
      parameters: callParam ? [idParam, callIdParam, redirectParam] : [idParam, redirectParam],
      responses: {
        302: { description: 'Found: fetch the Location (the object, as an attachment).', headers: { Location: { description: 'The presigned URL.', schema: { type: 'string', format: 'uri' } } } },
        200: { description: 'With redirect=false: the presigned URL and when it expires.', content: json(ref('ObjectLink')) },
        ...common,
        404: problem(`No such request for this tenant${callParam ? ', or the call is not one of its calls (NOT_FOUND)' : ' (NOT_FOUND)'}; ${notAvailable}.`),
        410: problem('The request was erased.'),
        422: problem('Invalid redirect parameter or an unknown one.'),
        503: problem('The object store is unavailable; try again.'),
      },
    },
  };
}

export function openApiDocument(limits: OpenApiLimits) {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Folio API',
      version: '1.0.0',
      description:
        'Folio obtains itemised hotel bills (folios) from hotels. Submit folio requests, import them from CSV, read their status and history, and fetch their call recordings, transcripts and folio documents through short-lived links. ' +
        'Authenticate with "Authorization: Bearer <API key>"; keys carry the scopes write, read and admin (admin holds all). Errors are RFC 9457 problem details.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    paths: {
      '/v1/records': {
        post: {
          operationId: 'createRecord',
          summary: 'Submit one folio request (scope write)',
          description:
            'Validates the request and publishes it. Idempotent per (tenant, externalId) and per Idempotency-Key: a repeat with the same content answers 200 with the same recordId and publishes nothing; different content under the same externalId or key answers 409.',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 255 } }],
          requestBody: { required: true, content: json(ref('RecordInput')) },
          responses: {
            202: { description: 'Accepted; the request is being processed.', content: json(ref('RecordAccepted')) },
            200: { description: 'A repeat of an accepted request; nothing new was published.', content: json(ref('RecordAccepted')) },
            400: problem('Malformed JSON or Idempotency-Key.'),
            ...common,
            409: problem('A different request with this externalId or Idempotency-Key exists.'),
            413: problem('Body too large.'),
            415: problem('Not application/json.'),
            422: problem('Invalid fields; `errors` names each.'),
          },
        },
        get: {
          operationId: 'listRecords',
          summary: "List the tenant's requests, newest first (scope read)",
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string', enum: RequestStatusSymbols.map((s) => s.toLowerCase()) } },
            { name: 'hotelPhone', in: 'query', schema: { type: 'string' }, description: 'Any dialable format; normalised to E.164.' },
            { name: 'createdFrom', in: 'query', schema: { type: 'string' }, description: 'ISO 8601 date or date-time, inclusive.' },
            { name: 'createdTo', in: 'query', schema: { type: 'string' }, description: 'ISO 8601 date or date-time, exclusive.' },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: limits.listMaxLimit, default: 50 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'nextCursor of the previous page (keyset pagination).' },
          ],
          responses: { 200: { description: 'One page.', content: json(ref('RecordPage')) }, ...common, 422: problem('Invalid filters.') },
        },
      },
      '/v1/records:batch': {
        post: {
          operationId: 'createRecords',
          summary: `Submit up to ${limits.batchMaxItems} folio requests (scope write)`,
          description: 'Each item is validated and accepted on its own; the answer has one result per item, in order.',
          requestBody: { required: true, content: json({ type: 'object', additionalProperties: false, required: ['items'], properties: { items: { type: 'array', minItems: 1, maxItems: limits.batchMaxItems, items: ref('RecordInput') } } }) },
          responses: { 200: { description: 'Per-item results.', content: json(ref('BatchResult')) }, 400: problem('Malformed JSON.'), ...common, 413: problem('Body too large.'), 422: problem('No items array, or too many items.') },
        },
      },
      '/v1/imports': {
        post: {
          operationId: 'importCsv',
          summary: 'Import folio requests from a CSV file (scope write)',
          description:
            `The body is a UTF-8 CSV (RFC 4180) with a header row naming columns in any order: the fields of RecordInput. Required columns: ${CSV_REQUIRED_COLUMNS.join(', ')}; ` +
            `empty cells are absent values. At most ${limits.importMaxRows} rows. Valid rows are accepted even when others are rejected; importing the same file again accepts nothing new.`,
          requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
          responses: { 200: { description: 'Import summary.', content: json(ref('ImportResult')) }, ...common, 413: problem('File too large.'), 415: problem('Not text/csv.'), 422: problem('Bad header row or unreadable CSV; nothing imported.') },
        },
      },
      '/v1/records/{id}': {
        get: {
          operationId: 'getRecord',
          summary: 'A request with its status and history (scope read)',
          parameters: [idParam],
          responses: { 200: { description: 'The request.', content: json(ref('RecordView')) }, ...common, 404: problem('No such request for this tenant.'), 410: problem('The request was erased.') },
        },
        delete: {
          operationId: 'cancelRecord',
          summary: 'Cancel a request not yet delivered (scope write)',
          parameters: [idParam, { name: 'reason', in: 'query', schema: { type: 'string', maxLength: 500 } }],
          responses: { 202: { description: 'Cancellation requested.', content: json(ref('CommandAccepted')) }, ...common, 404: problem('No such request for this tenant.'), 409: problem('Already delivered, cancelled, failed or erased (NOT_CANCELLABLE).'), 422: problem('Invalid reason.') },
        },
      },
      '/v1/records/{id}/calls/{callId}/recording': linkOperation(
        'getCallRecording',
        'The recording of one of the request\'s calls (scope read)',
        'the call\'s recording (audio/wav)',
        'RECORDING_NOT_AVAILABLE when the call has no recording yet',
        limits.linkTtlSeconds,
        true,
      ),
      '/v1/records/{id}/calls/{callId}/transcript': linkOperation(
        'getCallTranscript',
        'The transcript of one of the request\'s calls (scope read)',
        'the call\'s transcript (application/json)',
        'TRANSCRIPT_NOT_AVAILABLE when the call has no transcript (no recording yet, or none was made)',
        limits.linkTtlSeconds,
        true,
      ),
      '/v1/records/{id}/folio': linkOperation(
        'getFolioDocument',
        'The folio document the hotel sent for the request (scope read)',
        'the folio document as received (PDF or image)',
        'FOLIO_NOT_AVAILABLE before a document was received',
        limits.linkTtlSeconds,
        false,
      ),
      '/v1/records/{id}:erase': {
        post: {
          operationId: 'eraseRecord',
          summary: "Erase a request's personal data everywhere (scope admin)",
          parameters: [idParam],
          requestBody: { required: false, content: json({ type: 'object', additionalProperties: false, properties: { reason: { type: 'string', enum: [...ERASE_REASONS], default: 'DATA_SUBJECT_REQUEST' }, note: { type: 'string', maxLength: 500, description: 'Kept in the audit trail; no personal data.' } } }) },
          responses: { 202: { description: 'Erasure requested.', content: json(ref('CommandAccepted')) }, ...common, 404: problem('No such request for this tenant.'), 422: problem('Invalid reason.') },
        },
      },
      '/v1/stats': {
        get: {
          operationId: 'stats',
          summary: "Counts by status, time to folio and success rates of the tenant's requests (scope read)",
          responses: { 200: { description: 'Statistics.', content: json(ref('Stats')) }, ...common },
        },
      },
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key of the tenant.' } },
      schemas: {
        RecordInput: {
          type: 'object',
          additionalProperties: false,
          required: ['guestFirstName', 'guestLastName', 'confirmationNumber', 'checkIn', 'checkOut', 'hotelPhone', 'destinationEmail'],
          properties: {
            externalId: { ...optStr(FIELD_LIMITS.externalId, 'Your id for the request; makes submissions idempotent and the recordId reproducible (UUID v5 of tenant and externalId).') },
            guestFirstName: str(FIELD_LIMITS.name, 'Any script; must contain a letter.'),
            guestLastName: str(FIELD_LIMITS.name, 'Any script; must contain a letter.'),
            confirmationNumber: str(FIELD_LIMITS.confirmationNumber),
            checkIn: date('Check-in date (YYYY-MM-DD).'),
            checkOut: date(`Check-out date, after checkIn; a stay has at most ${limits.stayMaxNights} nights.`),
            hotelPhone: str(FIELD_LIMITS.hotelPhone, `E.164, or national format of ${limits.defaultCountry}; normalised to E.164.`),
            hotelName: optStr(FIELD_LIMITS.hotelName),
            hotelAddress: optStr(FIELD_LIMITS.hotelAddress),
            hotelTimeZone: optStr(FIELD_LIMITS.hotelTimeZone, 'IANA time zone, e.g. America/Chicago.'),
            hotelEmail: { ...optStr(FIELD_LIMITS.email), format: 'email' },
            destinationEmail: { ...str(FIELD_LIMITS.email), format: 'email' },
            notes: optStr(FIELD_LIMITS.notes),
          },
        },
        RecordAccepted: {
          type: 'object',
          additionalProperties: false,
          required: ['recordId', 'status'],
          properties: { recordId: uuid, status: { type: 'string', enum: ['accepted', 'duplicate'] } },
        },
        CommandAccepted: {
          type: 'object',
          additionalProperties: false,
          required: ['recordId', 'status'],
          properties: { recordId: uuid, status: { type: 'string', enum: ['cancellation_requested', 'erasure_requested'] } },
        },
        FieldError: { type: 'object', additionalProperties: false, required: ['field', 'reason'], properties: { field: { type: 'string' }, reason: { type: 'string' } } },
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details.',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string', format: 'uri' },
            title: { type: 'string' },
            status: { type: 'integer', minimum: 400, maximum: 599 },
            detail: { type: 'string' },
            code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
            instance: { type: 'string' },
            errors: { type: 'array', items: ref('FieldError') },
          },
        },
        BatchResult: {
          type: 'object',
          additionalProperties: false,
          required: ['accepted', 'duplicates', 'rejected', 'results'],
          properties: {
            accepted: { type: 'integer', minimum: 0 },
            duplicates: { type: 'integer', minimum: 0 },
            rejected: { type: 'integer', minimum: 0 },
            results: {
              type: 'array',
              items: {
                oneOf: [
                  { type: 'object', additionalProperties: false, required: ['index', 'status', 'recordId'], properties: { index: { type: 'integer' }, status: { enum: ['accepted', 'duplicate'] }, recordId: uuid } },
                  { type: 'object', additionalProperties: false, required: ['index', 'status', 'code', 'errors'], properties: { index: { type: 'integer' }, status: { const: 'rejected' }, code: { type: 'string' }, errors: { type: 'array', minItems: 1, items: ref('FieldError') } } },
                ],
              },
            },
          },
        },
        ImportResult: {
          type: 'object',
          additionalProperties: false,
          required: ['rows', 'accepted', 'duplicates', 'rejected', 'complete'],
          properties: {
            rows: { type: 'integer', minimum: 0, description: 'Data rows read (the header excluded).' },
            accepted: { type: 'integer', minimum: 0 },
            duplicates: { type: 'integer', minimum: 0, description: 'Rows repeating a request accepted before.' },
            complete: { type: 'boolean', description: 'False when the import stopped early (see stoppedBecause); rows before that are imported.' },
            stoppedBecause: { type: 'string' },
            rejected: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['row', 'line', 'code', 'errors'],
                properties: {
                  row: { type: 'integer', minimum: 1, description: 'Data row number; 1 is the first row after the header.' },
                  line: { type: 'integer', minimum: 2, description: 'Line of the file where the row ends.' },
                  code: { type: 'string' },
                  errors: { type: 'array', minItems: 1, items: ref('FieldError') },
                },
              },
            },
          },
        },
        Reason: nullable({ type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: ['string', 'null'] } } }),
        RecordSummary: {
          type: 'object',
          description: 'A request as the read models hold it; times are ISO 8601 date-times.',
          required: ['recordId', 'externalId', 'status', 'source', 'hotelPhone', 'guestFirstName', 'guestLastName', 'confirmationNumber', 'checkIn', 'checkOut', 'destinationEmail', 'attempts', 'createdAt', 'updatedAt', 'version'],
          properties: {
            recordId: uuid,
            tenantId: { type: 'string' },
            externalId: { type: 'string' },
            status: { type: 'string', enum: RequestStatusSymbols.map((s) => s.toLowerCase()) },
            source: { type: 'string' },
            hotelPhone: { type: 'string', pattern: '^\\+[1-9]\\d{6,14}$' },
            hotelName: { type: ['string', 'null'] },
            guestFirstName: { type: 'string' },
            guestLastName: { type: 'string' },
            confirmationNumber: { type: 'string' },
            checkIn: { type: 'string', format: 'date' },
            checkOut: { type: 'string', format: 'date' },
            destinationEmail: { type: 'string' },
            batchId: { type: ['string', 'null'] },
            lastCallId: { type: ['string', 'null'] },
            attempts: { type: 'integer', minimum: 0 },
            callAttempts: { type: 'integer', minimum: 0 },
            emailAttempts: { type: 'integer', minimum: 0 },
            lastChannel: { type: ['string', 'null'], description: 'CALL or EMAIL of the last contact.' },
            nextAction: { type: ['string', 'null'], description: 'What happens next (contact), null when nothing is scheduled.' },
            nextActionAt: dateTimeOrNull,
            lastReason: ref('Reason'),
            folio: { description: 'The extracted folio, once extracted.' },
            documentKey: { type: ['string', 'null'], description: 'Object storage key of the received folio document.' },
            createdAt: dateTime,
            receivedAt: dateTime,
            folioReceivedAt: dateTimeOrNull,
            deliveredAt: dateTimeOrNull,
            updatedAt: dateTime,
            version: { type: 'integer', minimum: 0 },
          },
        },
        HistoryEntry: {
          type: 'object',
          required: ['seq', 'type', 'at', 'status'],
          properties: {
            seq: { type: 'integer', description: "The request's version after the event." },
            type: { type: 'string', description: 'Event type, e.g. RecordReceived.' },
            at: dateTime,
            status: { type: 'string' },
            reason: ref('Reason'),
            details: { type: 'object', additionalProperties: { type: 'string' } },
            correlationId: { type: ['string', 'null'] },
            causationId: { type: ['string', 'null'] },
          },
        },
        RecordView: {
          allOf: [
            ref('RecordSummary'),
            {
              type: 'object',
              required: ['history', 'calls', 'folioUrl'],
              properties: {
                folioUrl: { type: ['string', 'null'], description: 'Api path of the folio document link (GET it for a presigned URL); null before a document was received.' },
                history: { type: 'array', items: ref('HistoryEntry'), description: 'Every event, oldest first.' },
                calls: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['callId', 'status', 'placedAt', 'recordingUrl'],
                    properties: {
                      callId: { type: 'string' },
                      batchId: { type: 'string' },
                      status: { type: 'string' },
                      connectionType: { type: 'string' },
                      placedAt: dateTime,
                      connectedAt: dateTimeOrNull,
                      endedAt: dateTimeOrNull,
                      endReason: { type: ['string', 'null'] },
                      recordingKey: { type: ['string', 'null'], description: 'Object storage key of the recording.' },
                      recordingUrl: { type: ['string', 'null'], description: 'Api path of the recording link (GET it for a presigned URL); null while the call has no recording. The transcript is at the same path ending in /transcript.' },
                      outcome: { type: ['string', 'null'] },
                    },
                  },
                },
              },
            },
          ],
        },
        ObjectLink: {
          type: 'object',
          additionalProperties: false,
          required: ['url', 'expiresAt'],
          properties: {
            url: { type: 'string', format: 'uri', description: 'Presigned GET URL of the object; needs no API key.' },
            expiresAt: { ...dateTime, description: 'When the URL stops working.' },
          },
        },
        RecordPage: {
          type: 'object',
          additionalProperties: false,
          required: ['items', 'nextCursor'],
          properties: { items: { type: 'array', items: ref('RecordSummary') }, nextCursor: { type: ['string', 'null'], description: 'Pass as cursor for the next page; null on the last page.' } },
        },
        Stats: {
          type: 'object',
          additionalProperties: false,
          required: ['byStatus', 'total', 'timeToFolio', 'byChannel'],
          properties: {
            byStatus: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 }, description: 'Requests per status; statuses with none are absent.' },
            total: { type: 'integer', minimum: 0 },
            timeToFolio: {
              type: 'object',
              additionalProperties: false,
              required: ['count', 'p50Seconds', 'p90Seconds'],
              description: 'Seconds from acceptance to the first folio received.',
              properties: { count: { type: 'integer', minimum: 0 }, p50Seconds: { type: ['number', 'null'] }, p90Seconds: { type: ['number', 'null'] } },
            },
            byChannel: {
              type: 'object',
              description: 'Per channel of the last contact (CALL, EMAIL): contacted, succeeded (folio received) and their ratio.',
              additionalProperties: {
                type: 'object',
                additionalProperties: false,
                required: ['contacted', 'succeeded', 'rate'],
                properties: { contacted: { type: 'integer', minimum: 0 }, succeeded: { type: 'integer', minimum: 0 }, rate: { type: 'number', minimum: 0, maximum: 1 } },
              },
            },
          },
        },
      },
    },
  } as const;
}
