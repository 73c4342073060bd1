// A local stand-in for the three AWS Textract operations Folio uses, as the official SDK
// (@aws-sdk/client-textract) calls them: the JSON 1.1 protocol, POST / with X-Amz-Target Textract.AnalyzeExpense,
// Textract.StartExpenseAnalysis or Textract.GetExpenseAnalysis and a SigV4-signed request. Answers have the real
// shape (ExpenseDocuments with typed SummaryFields, LineItemGroups, Confidence 0..100, DocumentMetadata) and are
// read from the document's own PDF text layer, the way Textract reads a printed page: the first line is the
// vendor, "Label: value" pairs are summary fields, rows that open with a date and end with an amount are line
// items. Scans (no text layer) come back with no fields. StartExpenseAnalysis reads the object from the object
// store by plain HTTP (S3Mock locally); a job answers IN_PROGRESS to its first poll, then one page per response.
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';

export interface TextractDeps {
  /** Base URL of the object store StartExpenseAnalysis reads S3Object documents from (path style). */
  objectStoreUrl?: string | undefined;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

interface Cell {
  x: number;
  right: number;
  text: string;
}

interface Line {
  y: number;
  cells: Cell[];
}

interface Detection {
  Text: string;
  Confidence: number;
  Geometry?: unknown;
}

interface ExpenseField {
  Type: { Text: string; Confidence: number };
  LabelDetection?: Detection;
  ValueDetection: Detection;
  PageNumber: number;
  Currency?: { Code: string; Confidence: number };
  GroupProperties?: Array<{ Types: string[]; Id: string }>;
}

interface ExpenseDocument {
  ExpenseIndex: number;
  SummaryFields: ExpenseField[];
  LineItemGroups: Array<{ LineItemGroupIndex: number; LineItems: Array<{ LineItemExpenseFields: ExpenseField[] }> }>;
}

interface Analysis {
  pages: number;
  documents: ExpenseDocument[];
}

/** Textract's answer for a document it will not read (HTTP 400, the exception name as __type). */
class TextractFault extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const SYNC_MAX_BYTES = 10 * 1024 * 1024;
const AMOUNT = /^-?(?:[A-Z]{3}\s?)?[$€£]?\s?-?\d{1,3}(?:[,.' ]?\d{3})*[.,]\d{2}\s?(?:[A-Z]{3})?-?$/;
const DATE = /^(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})\b/;
const CURRENCY = /\b(USD|EUR|GBP|CHF|CAD|AUD|JPY)\b/;

/** Summary field types by label, as AnalyzeExpense names the standard fields it recognises. */
const LABEL_TYPES: Array<[RegExp, string]> = [
  [/^(folio|invoice|bill|receipt)\s*(no\.?|number|#|nr\.?)$/i, 'INVOICE_RECEIPT_ID'],
  [/^(guest|guest name|bill to|customer)$/i, 'RECEIVER_NAME'],
  [/^(date issued|invoice date|date)$/i, 'INVOICE_RECEIPT_DATE'],
  [/^(grand )?total$/i, 'TOTAL'],
  [/^sub\s?total$/i, 'SUBTOTAL'],
  [/^balance due$|^amount due$/i, 'AMOUNT_DUE'],
  [/\b(vat|tax)\b/i, 'TAX'],
];

function typeOf(label: string): string {
  const clean = label.replace(/[:#]$/, '').trim();
  for (const [re, type] of LABEL_TYPES) if (re.test(clean)) return type;
  return 'OTHER';
}

async function linesOf(bytes: Uint8Array): Promise<Line[][]> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  const lib = await pdfjs;
  let doc: Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
  try {
    doc = await lib.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 }).promise;
  } catch (error) {
    throw new TextractFault('UnsupportedDocumentException', `Request has unsupported document format: ${(error as Error).message}`);
  }
  try {
    const pages: Line[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      const lines: Line[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const x = item.transform[4] as number;
        const y = item.transform[5] as number;
        let line = lines.find((l) => Math.abs(l.y - y) < 2.5);
        if (!line) lines.push((line = { y, cells: [] }));
        line.cells.push({ x, right: x + item.width, text: item.str });
      }
      for (const line of lines) {
        line.cells.sort((a, b) => a.x - b.x);
        const merged: Cell[] = [];
        for (const c of line.cells) {
          const last = merged[merged.length - 1];
          if (last && c.x - last.right < 4) {
            last.text = `${last.text}${c.x - last.right > 1 ? ' ' : ''}${c.text}`;
            last.right = c.right;
          } else merged.push({ ...c });
        }
        line.cells = merged;
      }
      pages.push(lines.sort((a, b) => b.y - a.y));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

function detection(text: string, confidence = 99.2): Detection {
  return { Text: text, Confidence: confidence };
}

function field(type: string, value: string, page: number, label?: string, currency?: string | null): ExpenseField {
  return {
    Type: { Text: type, Confidence: 98.7 },
    ...(label ? { LabelDetection: detection(label, 97.9) } : {}),
    ValueDetection: detection(value),
    PageNumber: page,
    ...(currency ? { Currency: { Code: currency, Confidence: 95.1 } } : {}),
  };
}

/** Reads a document the way AnalyzeExpense answers: one ExpenseDocument per page with text. */
export async function analyseExpense(bytes: Uint8Array): Promise<Analysis> {
  const pages = await linesOf(bytes);
  const all = pages.flat().flatMap((l) => l.cells.map((c) => c.text)).join(' ');
  const currency = CURRENCY.exec(all)?.[1] ?? null;
  const documents: ExpenseDocument[] = [];
  pages.forEach((lines, i) => {
    const page = i + 1;
    if (lines.length === 0) return;
    const summary: ExpenseField[] = [];
    const items: Array<{ LineItemExpenseFields: ExpenseField[] }> = [];
    if (page === 1 && lines[0]) summary.push({ ...field('VENDOR_NAME', lines[0].cells.map((c) => c.text).join(' '), page), GroupProperties: [{ Types: ['VENDOR'], Id: randomUUID() }] });
    for (const line of lines.slice(page === 1 ? 1 : 0)) {
      const texts = line.cells.map((c) => c.text.trim());
      const first = texts[0] ?? '';
      const last = texts[texts.length - 1] ?? '';
      if (texts.length >= 2 && DATE.test(first) && AMOUNT.test(last)) {
        const item = texts.slice(0, -1).join(' ');
        items.push({
          LineItemExpenseFields: [field('ITEM', item, page), field('PRICE', last, page, undefined, currency), field('EXPENSE_ROW', texts.join(' '), page)],
        });
        continue;
      }
      if (texts.length === 2 && (first.endsWith(':') || AMOUNT.test(last))) {
        const type = typeOf(first);
        if (type === 'OTHER' && !first.endsWith(':')) continue;
        const money = type === 'TOTAL' || type === 'TAX' || type === 'SUBTOTAL' || type === 'AMOUNT_DUE';
        const f = field(type, last, page, first, money ? currency : null);
        summary.push(type === 'RECEIVER_NAME' ? { ...f, GroupProperties: [{ Types: ['RECEIVER'], Id: randomUUID() }] } : f);
      }
    }
    documents.push({ ExpenseIndex: documents.length + 1, SummaryFields: summary, LineItemGroups: items.length > 0 ? [{ LineItemGroupIndex: 1, LineItems: items }] : [] });
  });
  return { pages: pages.length, documents };
}

interface Job {
  status: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  polls: number;
  result?: Analysis;
  statusMessage?: string;
}

export function textractApi(deps: TextractDeps = {}): Router {
  const router = express.Router();
  const jobs = new Map<string, Job>();
  const tokens = new Map<string, string>();

  const fail = (res: Response, error: unknown) => {
    const fault = error instanceof TextractFault ? error : new TextractFault('InternalServerError', (error as Error).message, 500);
    res.status(fault.status).set('x-amzn-ErrorType', fault.type).type('application/x-amz-json-1.1').send(JSON.stringify({ __type: fault.type, message: fault.message }));
  };
  const answer = (res: Response, body: unknown) => res.status(200).type('application/x-amz-json-1.1').send(JSON.stringify(body));

  const fetchObject = async (bucket: string, key: string): Promise<Uint8Array> => {
    if (!deps.objectStoreUrl) throw new TextractFault('InvalidS3ObjectException', 'hotel-sim has no object store configured');
    const url = `${deps.objectStoreUrl.replace(/\/$/, '')}/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
    const response = await fetch(url);
    if (!response.ok) throw new TextractFault('InvalidS3ObjectException', `Unable to get object metadata from S3. Check object key, region and/or access permissions (HTTP ${response.status}).`);
    return new Uint8Array(await response.arrayBuffer());
  };

  const operations: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
    async AnalyzeExpense(body) {
      const document = body.Document as { Bytes?: string; S3Object?: { Bucket: string; Name: string } } | undefined;
      let bytes: Uint8Array;
      if (document?.Bytes) bytes = Buffer.from(document.Bytes, 'base64');
      else if (document?.S3Object) bytes = await fetchObject(document.S3Object.Bucket, document.S3Object.Name);
      else throw new TextractFault('InvalidParameterException', 'Request has invalid parameters: Document');
      if (bytes.byteLength > SYNC_MAX_BYTES) throw new TextractFault('DocumentTooLargeException', 'S3 object size or document bytes exceed the maximum for synchronous operations');
      const analysis = await analyseExpense(bytes);
      if (analysis.pages > 1) throw new TextractFault('UnsupportedDocumentException', 'Request has unsupported document format: synchronous operations accept single-page documents');
      return { DocumentMetadata: { Pages: analysis.pages }, ExpenseDocuments: analysis.documents };
    },
    async StartExpenseAnalysis(body) {
      const location = (body.DocumentLocation as { S3Object?: { Bucket?: string; Name?: string } } | undefined)?.S3Object;
      if (!location?.Bucket || !location.Name) throw new TextractFault('InvalidParameterException', 'Request has invalid parameters: DocumentLocation');
      const token = typeof body.ClientRequestToken === 'string' ? body.ClientRequestToken : null;
      const known = token ? tokens.get(token) : undefined;
      if (known) return { JobId: known };
      const jobId = randomUUID().replace(/-/g, '');
      const job: Job = { status: 'IN_PROGRESS', polls: 0 };
      jobs.set(jobId, job);
      if (token) tokens.set(token, jobId);
      const { Bucket, Name } = location;
      void fetchObject(Bucket, Name)
        .then((bytes) => analyseExpense(bytes))
        .then(
          (result) => {
            job.result = result;
          },
          (error: unknown) => {
            job.statusMessage = (error as Error).message;
          },
        );
      return { JobId: jobId };
    },
    async GetExpenseAnalysis(body) {
      const job = typeof body.JobId === 'string' ? jobs.get(body.JobId) : undefined;
      if (!job) throw new TextractFault('InvalidJobIdException', 'An invalid job identifier was passed.');
      job.polls += 1;
      const done = job.result !== undefined || job.statusMessage !== undefined;
      if (job.polls === 1 || !done) return { JobStatus: 'IN_PROGRESS' };
      if (!job.result) return { JobStatus: 'FAILED', StatusMessage: job.statusMessage };
      const start = typeof body.NextToken === 'string' ? Number(body.NextToken) : 0;
      const page = job.result.documents.slice(start, start + 1);
      const next = start + 1 < job.result.documents.length ? String(start + 1) : undefined;
      return { JobStatus: 'SUCCEEDED', DocumentMetadata: { Pages: job.result.pages }, ExpenseDocuments: page, ...(next ? { NextToken: next } : {}) };
    },
  };

  router.post('/', (req: Request, res: Response, next) => {
    const target = req.header('x-amz-target') ?? '';
    if (!target.startsWith('Textract.')) return next();
    express.raw({ type: () => true, limit: '20mb' })(req, res, async (error?: unknown) => {
      if (error) return fail(res, new TextractFault('InvalidParameterException', 'Request body could not be read'));
      if (!(req.header('authorization') ?? '').startsWith('AWS4-HMAC-SHA256')) {
        return fail(res, new TextractFault('UnrecognizedClientException', 'The security token included in the request is invalid.'));
      }
      const operation = operations[target.slice('Textract.'.length)];
      if (!operation) return fail(res, new TextractFault('UnknownOperationException', `hotel-sim does not answer ${target}`));
      try {
        const body = JSON.parse(Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body.toString('utf8') : '{}') as Record<string, unknown>;
        answer(res, await operation(body));
      } catch (e) {
        fail(res, e);
      }
    });
  });
  return router;
}
