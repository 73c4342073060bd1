// Accepting requests: validate every item, recognise repeats, publish the new ones to the intake topic in one
// batch, then remember them. Publishing comes before remembering: a crash in between makes a retry publish the
// same recordId again, which the records service deduplicates; nothing accepted is ever lost.
import { recordIdFor, RecordCreatedSchema, HEADER_CORRELATION_ID, HEADER_TENANT_ID, type IntakeSource } from '@folio/contracts';
import type { OutboundMessage } from '@folio/runtime';
import type { FieldIssue } from '@folio/errors';
import { requestParser, type InputRules, type RequestInput } from './domain/request-input.js';
import { decideIntake, fingerprintOf, recordCreated, type PriorSubmission } from './domain/intake.js';
import type { SubmissionRow, SubmissionStore } from './adapters/submissions.js';

export interface IntakeItem {
  readonly body: unknown;
  readonly idempotencyKey: string | null;
}

export type ItemResult =
  | { readonly status: 'accepted' | 'duplicate'; readonly recordId: string }
  | { readonly status: 'rejected'; readonly code: string; readonly errors: FieldIssue[] };

export interface IntakeDeps {
  readonly submissions: SubmissionStore;
  readonly send: (messages: readonly OutboundMessage[]) => Promise<void>;
  readonly intakeTopic: string;
  readonly rules: Omit<InputRules, 'today'>;
  readonly now: () => Date;
  readonly newId: () => string;
  /** Told the outcome of every item (for metrics). */
  readonly onResult?: (source: IntakeSource, result: ItemResult['status']) => void;
}

export class Intake {
  constructor(private readonly deps: IntakeDeps) {}

  private cached: { today: string; parse: ReturnType<typeof requestParser> } | undefined;

  /** The parser for today's date (the stay window moves with the calendar); built once a day, not per request. */
  parser() {
    const today = this.deps.now().toISOString().slice(0, 10);
    if (this.cached?.today !== today) this.cached = { today, parse: requestParser({ ...this.deps.rules, today }) };
    return this.cached.parse;
  }

  /** Submits items of one tenant; results in the order of `items`. */
  async submit(tenantId: string, items: readonly IntakeItem[], source: IntakeSource, correlationId: string): Promise<ItemResult[]> {
    const parse = this.parser();
    return this.submitParsed(tenantId, items.map((item) => ({ parsed: parse(item.body), idempotencyKey: item.idempotencyKey })), source, correlationId);
  }

  async submitParsed(
    tenantId: string,
    items: readonly { parsed: ReturnType<ReturnType<typeof requestParser>>; idempotencyKey: string | null }[],
    source: IntakeSource,
    correlationId: string,
  ): Promise<ItemResult[]> {
    const { submissions, now: clock } = this.deps;
    const now = clock();
    const valid = items.flatMap((item, index) => (item.parsed.ok ? [{ index, input: item.parsed.value, key: item.idempotencyKey }] : []));
    const keys = valid.flatMap((v) => (v.key ? [v.key] : []));
    const byKey = await submissions.byIdempotencyKeys(tenantId, keys);
    const byRecordId = await submissions.byRecordIds(
      tenantId,
      valid.flatMap((v) => (v.input.externalId !== null ? [recordIdFor(tenantId, v.input.externalId)] : [])),
    );

    // Valid items are overwritten below; the placeholder keeps the result order.
    const results: ItemResult[] = items.map((item) => ({ status: 'rejected', code: 'VALIDATION_FAILED', errors: item.parsed.ok ? [] : item.parsed.issues }));
    const messages: OutboundMessage[] = [];
    const rows: SubmissionRow[] = [];
    const headers = { [HEADER_CORRELATION_ID]: correlationId, [HEADER_TENANT_ID]: tenantId };
    for (const { index, input, key } of valid) {
      const fingerprint = fingerprintOf(input);
      const decision = decideIntake({
        tenantId,
        input,
        fingerprint,
        byKey: key ? byKey.get(key) : undefined,
        byRecordId: input.externalId !== null ? byRecordId.get(recordIdFor(tenantId, input.externalId)) : undefined,
        newId: this.deps.newId(),
      });
      switch (decision.kind) {
        case 'replay':
          results[index] = { status: 'duplicate', recordId: decision.recordId };
          break;
        case 'conflict':
          results[index] = { status: 'rejected', code: decision.code, errors: [{ field: decision.field, reason: decision.reason }] };
          break;
        case 'publish': {
          results[index] = { status: 'accepted', recordId: decision.recordId };
          const prior: PriorSubmission = { recordId: decision.recordId, fingerprint };
          // A later item of the same call repeating this one is a repeat too.
          if (key) byKey.set(key, prior);
          byRecordId.set(decision.recordId, prior);
          messages.push({
            topic: this.deps.intakeTopic,
            key: decision.recordId,
            schema: RecordCreatedSchema,
            value: recordCreated(input, { tenantId, recordId: decision.recordId, externalId: decision.externalId }, source, now),
            headers,
          });
          rows.push({ tenantId, recordId: decision.recordId, externalId: decision.externalId, idempotencyKey: key, fingerprint });
          break;
        }
        default: {
          const never: never = decision;
          throw new Error(`unknown decision ${JSON.stringify(never)}`);
        }
      }
    }
    await this.deps.send(messages);
    await submissions.remember(rows);
    if (this.deps.onResult) for (const r of results) this.deps.onResult(source, r.status);
    return results;
  }
}

export type { RequestInput };
