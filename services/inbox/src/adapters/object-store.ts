// Documents and raw messages in the object store (@aws-sdk/client-s3; S3Mock locally), each under a key
// derived from the SHA-256 of its bytes: storing the same file twice writes one object, and a retried
// message finds its objects already there.
import { createHash } from 'node:crypto';
import { CreateBucketCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createS3Client, type S3ClientSettings } from '@folio/object-store';
import { InfraError } from '@folio/errors';

/** The object-store client settings and the bucket the service keeps its objects in. */
export interface S3Settings extends S3ClientSettings {
  readonly bucket: string;
}

export interface StoredObject {
  readonly storageKey: string;
  readonly sha256: string;
  /** False when an object with these bytes was already there. */
  readonly written: boolean;
}

export interface ContentStore {
  put(prefix: string, extension: string, bytes: Buffer, contentType: string): Promise<StoredObject>;
}

const EXTENSIONS: Readonly<Record<string, string>> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png', 'message/rfc822': 'eml' };

export function extensionOf(contentType: string): string {
  return EXTENSIONS[contentType] ?? 'bin';
}

export class S3ContentStore implements ContentStore {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = createS3Client(settings);
  }

  async put(prefix: string, extension: string, bytes: Buffer, contentType: string): Promise<StoredObject> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const storageKey = `${prefix}/${sha256}.${extension}`;
    const target = { Bucket: this.settings.bucket, Key: storageKey };
    try {
      try {
        await this.client.send(new HeadObjectCommand(target));
        return { storageKey, sha256, written: false };
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status !== 404) throw error;
      }
      await this.client.send(new PutObjectCommand({ ...target, Body: bytes, ContentType: contentType }));
      return { storageKey, sha256, written: true };
    } catch (error) {
      throw new InfraError('OBJECT_STORE_UNAVAILABLE', `storing s3://${this.settings.bucket}/${storageKey} failed`, { cause: error, retriable: true });
    }
  }

  /**
   * Creates the bucket when it does not exist (a fresh local object store); returns whether it did. A bucket
   * the credentials may only write to (HeadBucket refused) is left alone.
   */
  async ensureBucket(): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }));
      return false;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status !== 404) return false;
    }
    await this.client.send(new CreateBucketCommand({ Bucket: this.settings.bucket }));
    return true;
  }

  close(): void {
    this.client.destroy();
  }
}
