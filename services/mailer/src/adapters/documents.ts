// Folio documents for deliveries, read from the object store (@aws-sdk/client-s3; S3Mock locally). The bytes
// are checked against the attachment's SHA-256, so a delivery never carries a different file than named.
import { createHash } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createS3Client, type S3ClientSettings } from '@folio/object-store';
import type { Attachment } from '@folio/contracts';
import { DomainError, InfraError } from '@folio/errors';

export interface DocumentStore {
  read(attachment: Attachment): Promise<Buffer>;
}

/** The object-store client settings and the bucket the service keeps its objects in. */
export interface S3Settings extends S3ClientSettings {
  readonly bucket: string;
}

/** `s3://bucket/key` names its bucket; a plain key lives in the default bucket. */
export function locate(storageKey: string, defaultBucket: string): { bucket: string; key: string } {
  const match = storageKey.match(/^s3:\/\/([^/]+)\/(.+)$/);
  return match ? { bucket: match[1]!, key: match[2]! } : { bucket: defaultBucket, key: storageKey.replace(/^\/+/, '') };
}

export class S3DocumentStore implements DocumentStore {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = createS3Client(settings);
  }

  async read(attachment: Attachment): Promise<Buffer> {
    const { bucket, key } = locate(attachment.storageKey, this.settings.bucket);
    let bytes: Buffer;
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      bytes = Buffer.from(await object.Body!.transformToByteArray());
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'NoSuchKey' || name === 'NoSuchBucket' || name === 'NotFound') {
        throw new DomainError('ATTACHMENT_NOT_FOUND', `the attachment ${attachment.filename} is not in the object store at s3://${bucket}/${key}`, { cause: error });
      }
      throw new InfraError('OBJECT_STORE_UNAVAILABLE', `reading s3://${bucket}/${key} failed`, { cause: error, retriable: true });
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (attachment.sha256 && sha256 !== attachment.sha256.toLowerCase()) {
      throw new DomainError('ATTACHMENT_CHECKSUM_MISMATCH', `s3://${bucket}/${key} has SHA-256 ${sha256}, the command names ${attachment.sha256}`);
    }
    return bytes;
  }

  close(): void {
    this.client.destroy();
  }
}
