// Folio extraction by AWS Textract (@aws-sdk/client-textract): AnalyzeExpense on the bytes for a one-page
// document within the synchronous limits, StartExpenseAnalysis on the object in the configured bucket and
// GetExpenseAnalysis polled with backoff for anything longer. The answer is mapped by the pure
// folioFromExpense; a document Textract refuses becomes an unreadable result, throttling and outages retriable.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AnalyzeExpenseCommand,
  GetExpenseAnalysisCommand,
  StartExpenseAnalysisCommand,
  TextractClient,
  type ExpenseDocument,
  type GetExpenseAnalysisCommandOutput,
} from '@aws-sdk/client-textract';
import { InfraError } from '@folio/errors';
import { openPdf, UnreadablePdfError } from './pdf-document.js';
import { folioFromExpense, type ExpenseAnalysisShape } from '../domain/textract/expense-folio.js';
import type { ExtractionResult } from '../domain/reading/folio.js';
import type { DocumentSource, FolioExtractor } from '../extractor.js';

/** AnalyzeExpense's synchronous limits: 10 MB of bytes and a single page (AWS Textract quotas). */
export const SYNC_MAX_BYTES = 10 * 1024 * 1024;

export interface TextractSettings {
  readonly region: string;
  readonly endpoint?: string | undefined;
  readonly accessKeyId?: string | undefined;
  readonly secretAccessKey?: string | undefined;
  /** First wait between GetExpenseAnalysis polls, doubled up to `pollMaxMs`. */
  readonly pollInitialMs: number;
  readonly pollMaxMs: number;
  /** Longest an asynchronous job is waited for before the attempt fails as retriable. */
  readonly jobTimeoutMs: number;
}

const REFUSED: Readonly<Record<string, string>> = {
  BadDocumentException: 'CORRUPT_DOCUMENT',
  UnsupportedDocumentException: 'UNREADABLE_DOCUMENT',
  DocumentTooLargeException: 'DOCUMENT_TOO_LARGE',
  InvalidParameterException: 'UNREADABLE_DOCUMENT',
};

function unreadable(code: string, message: string, pages = 0): ExtractionResult {
  return { status: 'unreadable', reason: { code, message, field: null }, pages };
}

const PNG = [0x89, 0x50, 0x4e, 0x47];
const JPEG = [0xff, 0xd8, 0xff];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export function textractClient(settings: TextractSettings): TextractClient {
  return new TextractClient({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.accessKeyId && settings.secretAccessKey ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } } : {}),
  });
}

/** Textract's error for a document it will not read, as a result; anything else retriable or rethrown. */
function refusal(error: unknown): ExtractionResult {
  const name = (error as { name?: string }).name ?? '';
  const code = REFUSED[name];
  if (code) return unreadable(code, `Textract refused the document (${name}: ${(error as Error).message}); ask the hotel for a readable copy.`);
  const fault = (error as { $fault?: string }).$fault;
  throw new InfraError('TEXTRACT_UNAVAILABLE', `Textract failed: ${name} ${(error as Error).message}`, { retriable: fault !== 'client' || /Throttl|ProvisionedThroughput|LimitExceeded/.test(name), cause: error });
}

export function createTextractExtractor(client: TextractClient, settings: TextractSettings): FolioExtractor {
  async function pagesOf(bytes: Uint8Array): Promise<number | ExtractionResult> {
    if (startsWith(bytes, PNG) || startsWith(bytes, JPEG)) return 1;
    try {
      const doc = await openPdf(bytes);
      const n = doc.pageCount;
      await doc.close();
      return n;
    } catch (error) {
      if (error instanceof UnreadablePdfError) return unreadable('CORRUPT_DOCUMENT', `The attachment is not a readable PDF (${error.message}); ask the hotel for a new copy.`);
      throw error;
    }
  }

  async function analyseLater(source: DocumentSource): Promise<ExpenseAnalysisShape | ExtractionResult> {
    // The same object gives the same token, so a redelivered message finds the job it started before.
    const token = createHash('sha256').update(`${source.bucket}/${source.key}`).digest('hex').slice(0, 64);
    let jobId: string | undefined;
    try {
      ({ JobId: jobId } = await client.send(new StartExpenseAnalysisCommand({ DocumentLocation: { S3Object: { Bucket: source.bucket, Name: source.key } }, ClientRequestToken: token })));
    } catch (error) {
      return refusal(error);
    }
    if (!jobId) throw new InfraError('TEXTRACT_UNAVAILABLE', 'StartExpenseAnalysis answered without a JobId', { retriable: true });
    const deadline = Date.now() + settings.jobTimeoutMs;
    let wait = settings.pollInitialMs;
    for (;;) {
      await sleep(wait);
      wait = Math.min(wait * 2, settings.pollMaxMs);
      let page: GetExpenseAnalysisCommandOutput;
      try {
        page = await client.send(new GetExpenseAnalysisCommand({ JobId: jobId }));
      } catch (error) {
        return refusal(error);
      }
      if (page.JobStatus === 'IN_PROGRESS') {
        if (Date.now() > deadline) throw new InfraError('TEXTRACT_JOB_TIMEOUT', `expense analysis ${jobId} still in progress after ${settings.jobTimeoutMs} ms`, { retriable: true });
        continue;
      }
      if (page.JobStatus === 'FAILED') return unreadable('UNREADABLE_DOCUMENT', `Textract could not analyse the document (${page.StatusMessage ?? 'no reason given'}); ask the hotel for a readable copy.`);
      const documents: ExpenseDocument[] = [...(page.ExpenseDocuments ?? [])];
      let next = page.NextToken;
      while (next) {
        const more = await client.send(new GetExpenseAnalysisCommand({ JobId: jobId, NextToken: next })).catch(refusal);
        if ('status' in more) return more;
        documents.push(...(more.ExpenseDocuments ?? []));
        next = more.NextToken;
      }
      return { DocumentMetadata: page.DocumentMetadata, ExpenseDocuments: documents };
    }
  }

  return {
    async extract(bytes, source) {
      const pages = await pagesOf(bytes);
      if (typeof pages !== 'number') return pages;
      let analysis: ExpenseAnalysisShape | ExtractionResult;
      if (pages <= 1 && bytes.byteLength <= SYNC_MAX_BYTES) {
        try {
          analysis = await client.send(new AnalyzeExpenseCommand({ Document: { Bytes: bytes } }));
        } catch (error) {
          analysis = refusal(error);
        }
      } else if (source) {
        analysis = await analyseLater(source);
      } else {
        return unreadable('DOCUMENT_TOO_LARGE', `A ${pages}-page document of ${bytes.byteLength} bytes needs asynchronous analysis from the object store.`, pages);
      }
      if ('status' in analysis) return analysis;
      const folio = folioFromExpense(analysis);
      if (!folio) return unreadable('NO_RECOGNIZABLE_FORMAT', 'The document does not look like a folio (no folio number, guest, dates, total or charges found).', pages);
      return { status: 'read', folio: { ...folio, pages: analysis.DocumentMetadata?.Pages ?? pages } };
    },
    async close() {
      client.destroy();
    },
  };
}
