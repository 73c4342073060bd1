// POST /v1/imports: a CSV body (text/csv) streamed through csv-parse; valid rows are published in chunks as
// they arrive, so memory stays bounded whatever the file's size. The answer counts accepted and repeated rows
// and lists every rejected row with its row number (1 = first row after the header), line and field reasons.
import type { Request, Response } from 'express';
import { parse, CsvError } from 'csv-parse';
import type { FieldIssue } from '@folio/errors';
import type { Intake } from '../intake.js';
import { principalOf } from '../http/auth.js';
import { HttpProblem, invalid } from '../http/problem.js';
import { correlationIdOf } from '../http/request-context.js';
import { headerIssues, rowToBody } from '../domain/csv-row.js';
import type { ParseResult } from '../domain/request-input.js';

export interface ImportLimits {
  readonly maxBytes: number;
  readonly maxRows: number;
  readonly chunkRows: number;
}

interface RejectedRow {
  row: number;
  line: number;
  code: string;
  errors: FieldIssue[];
}

export function importCsv(intake: Intake, limits: ImportLimits) {
  return async (req: Request, res: Response) => {
    const { tenantId } = principalOf(res);
    if (!req.is('text/csv')) throw new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type', 'Send the CSV file as the body with Content-Type: text/csv.');
    const length = Number(req.header('content-length') ?? 0);
    if (length > limits.maxBytes) throw new HttpProblem(413, 'BODY_TOO_LARGE', 'Body too large', `The CSV exceeds ${limits.maxBytes} bytes.`);
    const correlationId = correlationIdOf(res);
    const parseRow = intake.parser();
    let headerProblem: FieldIssue[] | undefined;
    const parser = parse({
      bom: true,
      columns: (header: string[]) => {
        const trimmed = header.map((h) => h.trim());
        const issues = headerIssues(trimmed);
        if (issues.length > 0) {
          headerProblem = issues;
          throw new Error('bad header');
        }
        return trimmed;
      },
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: 64 * 1024,
    });
    req.pipe(parser);

    let accepted = 0;
    let duplicates = 0;
    let rows = 0;
    let stopped: string | null = null;
    const rejected: RejectedRow[] = [];
    let chunk: { row: number; line: number; parsed: ParseResult }[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      const current = chunk;
      chunk = [];
      const results = await intake.submitParsed(tenantId, current.map((c) => ({ parsed: c.parsed, idempotencyKey: null })), 'CSV_IMPORT', correlationId);
      results.forEach((r, i) => {
        if (r.status === 'accepted') accepted++;
        else if (r.status === 'duplicate') duplicates++;
        else if (r.status === 'rejected') rejected.push({ row: current[i]!.row, line: current[i]!.line, code: r.code, errors: r.errors });
      });
    };
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { records: number; lines: number; bytes: number; error?: CsvError } }>) {
        rows = info.records;
        if (rows > limits.maxRows || info.bytes > limits.maxBytes) {
          stopped = rows > limits.maxRows ? `more than ${limits.maxRows} rows; rows from ${rows} on were not read` : `more than ${limits.maxBytes} bytes; rows from ${rows} on were not read`;
          rows -= 1;
          req.unpipe(parser);
          req.resume();
          break;
        }
        if (info.error) {
          rejected.push({ row: rows, line: info.lines, code: 'VALIDATION_FAILED', errors: [{ field: '(row)', reason: 'has a different number of cells than the header' }] });
          continue;
        }
        const { body, issues } = rowToBody(record);
        const parsed = parseRow(body);
        const all = [...issues, ...(parsed.ok ? [] : parsed.issues)];
        chunk.push({ row: rows, line: info.lines, parsed: all.length > 0 ? { ok: false, issues: all } : parsed });
        if (chunk.length >= limits.chunkRows) await flush();
      }
    } catch (error) {
      if (headerProblem) throw invalid(headerProblem, 'The header row names unknown, repeated or missing columns; nothing was imported.');
      if (!(error instanceof CsvError)) throw error;
      if (rows === 0 && accepted === 0 && chunk.length === 0) throw invalid([{ field: '(csv)', reason: error.message }], 'The CSV cannot be read; nothing was imported.');
      stopped = `the CSV cannot be read after row ${rows} (${error.message})`;
    }
    await flush();
    rejected.sort((a, b) => a.row - b.row);
    // An empty body has no header row at all.
    if (parser.info.bytes === 0) throw invalid([{ field: '(csv)', reason: 'is empty; the first row must name the columns' }]);
    res.status(200).json({ rows, accepted, duplicates, rejected, complete: stopped === null, ...(stopped ? { stoppedBecause: stopped } : {}) });
  };
}
