// @folio/object-store: one definition of the object-store settings (S3_* variables) and of the S3 client built
// from them, for every service that stores or reads objects (recordings, prompts, folio documents).
import { S3Client } from '@aws-sdk/client-s3';
import { booleanFromString, z } from '@folio/config';

/** An empty variable counts as not set (charts render absent optional values as ""). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** The S3_* variables; spread into a service's env shape. Buckets stay per service (each names its own). */
export const objectStoreEnv = {
  /** S3 API endpoint; unset is AWS S3 itself. S3Mock locally. */
  S3_ENDPOINT: optional(z.url()),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** Static keys; without them the SDK's default chain is used (IRSA or Pod Identity in a cluster). */
  S3_ACCESS_KEY_ID: optional(z.string().min(1)),
  S3_SECRET_ACCESS_KEY: optional(z.string().min(1)),
  /** Buckets as paths (S3Mock, MinIO); false for virtual-hosted AWS buckets. */
  S3_FORCE_PATH_STYLE: booleanFromString.default(true),
};

export interface ObjectStoreSettings {
  readonly endpoint: string | undefined;
  readonly region: string;
  readonly accessKeyId: string | undefined;
  readonly secretAccessKey: string | undefined;
  readonly forcePathStyle: boolean;
}

export function objectStoreSettings(config: {
  readonly S3_ENDPOINT?: string | undefined;
  readonly S3_REGION: string;
  readonly S3_ACCESS_KEY_ID?: string | undefined;
  readonly S3_SECRET_ACCESS_KEY?: string | undefined;
  readonly S3_FORCE_PATH_STYLE: boolean;
}): ObjectStoreSettings {
  return {
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  };
}

/** What a client needs; services' own settings types (with a bucket, say) fit it as they are. */
export interface S3ClientSettings {
  readonly region: string;
  readonly forcePathStyle: boolean;
  readonly endpoint?: string | undefined;
  readonly accessKeyId?: string | undefined;
  readonly secretAccessKey?: string | undefined;
}

/** An S3 client for the settings; `endpoint` overrides theirs (e.g. a public host to sign links for). */
export function createS3Client(settings: S3ClientSettings, endpoint = settings.endpoint): S3Client {
  return new S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    ...(endpoint ? { endpoint } : {}),
    ...(settings.accessKeyId && settings.secretAccessKey ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } } : {}),
  });
}

/** The HTTP status of an S3 error, if it has one. */
export function s3StatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

/** A missing object or bucket (HEAD answers a bare 404, GET NoSuchKey). */
export function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchBucket' || s3StatusOf(error) === 404;
}
