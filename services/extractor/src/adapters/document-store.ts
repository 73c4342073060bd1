// Folio documents in the object store (@aws-sdk/client-s3; S3Mock locally): the size is asked first, so an
// oversized object is refused without downloading it.
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createS3Client, type S3ClientSettings } from '@folio/object-store';
import { InfraError } from '@folio/errors';

/** The object-store client settings and the bucket the service keeps its objects in. */
export interface S3Settings extends S3ClientSettings {
  readonly bucket: string;
}

export type StoredDocument =
  | { readonly status: 'found'; readonly bytes: Uint8Array }
  | { readonly status: 'missing' }
  | { readonly status: 'too-large'; readonly sizeBytes: number };

export interface DocumentStore {
  readonly bucket: string;
  /** The document's bytes; `too-large` above `maxBytes` (not downloaded); S3 outages throw a retriable InfraError. */
  get(key: string, maxBytes: number): Promise<StoredDocument>;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

export function s3Client(settings: Omit<S3Settings, 'bucket'>): S3Client {
  return createS3Client(settings);
}

export class S3DocumentStore implements DocumentStore {
  readonly bucket: string;

  constructor(
    private readonly client: S3Client,
    bucket: string,
  ) {
    this.bucket = bucket;
  }

  async get(key: string, maxBytes: number): Promise<StoredDocument> {
    const target = { Bucket: this.bucket, Key: key };
    try {
      const head = await this.client.send(new HeadObjectCommand(target));
      const size = head.ContentLength ?? 0;
      if (size > maxBytes) return { status: 'too-large', sizeBytes: size };
      const object = await this.client.send(new GetObjectCommand(target));
      const bytes = await object.Body!.transformToByteArray();
      if (bytes.byteLength > maxBytes) return { status: 'too-large', sizeBytes: bytes.byteLength };
      return { status: 'found', bytes };
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 || (error as { name?: string }).name === 'NoSuchKey' || (error as { name?: string }).name === 'NotFound') return { status: 'missing' };
      throw new InfraError('OBJECT_STORE_UNAVAILABLE', `reading s3://${this.bucket}/${key} failed: ${(error as Error).message}`, {
        retriable: status === undefined || status >= 500 || status === 429 || status === 403,
        cause: error,
      });
    }
  }
}
