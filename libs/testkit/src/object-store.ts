// S3 for tests: a client for the object store named by the S3_* variables, and throwaway buckets with random names.
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { requireEnv } from './environment.js';
import { uniqueName } from './names.js';

/** An S3 client for S3_ENDPOINT with the S3_* region and credentials, path-style as the local store needs. */
export function s3ClientFromEnv(): S3Client {
  return new S3Client({
    endpoint: requireEnv('S3_ENDPOINT'),
    region: requireEnv('S3_REGION'),
    credentials: {
      accessKeyId: requireEnv('S3_ACCESS_KEY_ID'),
      secretAccessKey: requireEnv('S3_SECRET_ACCESS_KEY'),
    },
    // The local store serves buckets as paths; virtual-host names (bucket.127.0.0.1) cannot resolve.
    forcePathStyle: true,
  });
}

/** A valid bucket name unique to this call: `<prefix>-<run>-<random>` (prefix: lower-case letters, digits, '-'). */
export function testBucketName(prefix = 'folio-test'): string {
  if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(prefix)) throw new Error(`"${prefix}" cannot start a bucket name`);
  return uniqueName(prefix, '-');
}

/** Creates a bucket with a random name and returns the name. */
export async function createTestBucket(s3?: S3Client, prefix?: string): Promise<string> {
  const bucket = testBucketName(prefix);
  await withClient(s3, (client) => client.send(new CreateBucketCommand({ Bucket: bucket })));
  return bucket;
}

/** Deletes every object of the bucket, then the bucket, so the local store does not fill up across runs. */
export async function deleteTestBucket(bucket: string, s3?: S3Client): Promise<void> {
  await withClient(s3, async (client) => {
    let continuationToken: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: continuationToken }),
      );
      const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
      if (keys.length > 0) {
        await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    await client.send(new DeleteBucketCommand({ Bucket: bucket }));
  });
}

async function withClient<T>(s3: S3Client | undefined, use: (client: S3Client) => Promise<T>): Promise<T> {
  const client = s3 ?? s3ClientFromEnv();
  try {
    return await use(client);
  } finally {
    if (!s3) client.destroy();
  }
}
