// The object store as the api's links need it (@aws-sdk/client-s3; S3Mock locally): whether an object is there
// (HEAD, through the endpoint the api reaches) and a presigned GET URL for it, signed for the endpoint clients
// reach (S3_PUBLIC_ENDPOINT), because a SigV4 signature covers the host and cannot be re-pointed afterwards.
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '@folio/object-store';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { InfraError } from '@folio/errors';
import type { ObjectLocation } from '../domain/object-links.js';

export interface ObjectStoreSettings {
  readonly endpoint?: string | undefined;
  /** The endpoint clients fetch links from; default: `endpoint`. */
  readonly publicEndpoint?: string | undefined;
  readonly region: string;
  readonly accessKeyId?: string | undefined;
  readonly secretAccessKey?: string | undefined;
  readonly forcePathStyle: boolean;
}

export interface PresignedGet {
  readonly url: string;
  /** When the signing credentials expire (temporary ones), or null for static keys. */
  readonly credentialsExpireAt: Date | null;
}

export interface LinkStore {
  /** True when the object exists; false on 404. Other failures throw InfraError (OBJECT_STORE_UNAVAILABLE). */
  exists(location: ObjectLocation): Promise<boolean>;
  /** A GET URL for the object valid `expiresInSeconds`, served as an attachment named `filename`. */
  presignGet(location: ObjectLocation, options: { readonly expiresInSeconds: number; readonly filename: string }): Promise<PresignedGet>;
  close(): void;
}

function clientFor(settings: ObjectStoreSettings, endpoint: string | undefined): S3Client {
  return createS3Client(settings, endpoint);
}

const statusOf = (error: unknown): number | undefined => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

export class S3LinkStore implements LinkStore {
  private readonly client: S3Client;
  private readonly signer: S3Client;

  constructor(settings: ObjectStoreSettings) {
    this.client = clientFor(settings, settings.endpoint);
    this.signer = settings.publicEndpoint && settings.publicEndpoint !== settings.endpoint ? clientFor(settings, settings.publicEndpoint) : this.client;
  }

  async exists(location: ObjectLocation): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
      return true;
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (statusOf(error) === 404 || name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchBucket') return false;
      // 403 and the like are a misconfiguration (keys, bucket policy): not retriable, answered as 500 and logged.
      const status = statusOf(error);
      throw new InfraError('OBJECT_STORE_UNAVAILABLE', `HEAD s3://${location.bucket}/${location.key} failed${status ? ` with ${status}` : ''}`, {
        cause: error,
        retriable: status === undefined || status >= 500,
      });
    }
  }

  async presignGet(location: ObjectLocation, options: { readonly expiresInSeconds: number; readonly filename: string }): Promise<PresignedGet> {
    const command = new GetObjectCommand({ Bucket: location.bucket, Key: location.key, ResponseContentDisposition: `attachment; filename="${options.filename}"` });
    try {
      const url = await getSignedUrl(this.signer, command, { expiresIn: options.expiresInSeconds });
      const credentials = await this.signer.config.credentials();
      return { url, credentialsExpireAt: credentials.expiration ?? null };
    } catch (error) {
      throw new InfraError('OBJECT_STORE_CREDENTIALS_UNAVAILABLE', `signing a link to s3://${location.bucket}/${location.key} failed: ${(error as Error).message}`, { cause: error, retriable: true });
    }
  }

  close(): void {
    this.client.destroy();
    if (this.signer !== this.client) this.signer.destroy();
  }
}
