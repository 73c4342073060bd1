import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createTestBucket, deleteTestBucket, s3ClientFromEnv } from './object-store.js';

describe('object store', () => {
  let s3: S3Client;
  let bucket: string;

  beforeAll(async () => {
    s3 = s3ClientFromEnv();
    bucket = await createTestBucket(s3);
  });

  afterAll(async () => {
    await deleteTestBucket(bucket, s3);
    s3.destroy();
  });

  it('puts, heads, gets, lists and deletes an object through the AWS SDK', async () => {
    const key = 'folios/record-1/folio.pdf';
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: '%PDF-1.4 folio',
        ContentType: 'application/pdf',
        Metadata: { 'record-id': 'record-1' },
      }),
    );

    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentLength).toBe(14);
    expect(head.ContentType).toBe('application/pdf');
    expect(head.Metadata).toEqual({ 'record-id': 'record-1' });

    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await got.Body?.transformToString()).toBe('%PDF-1.4 folio');

    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'recordings/call-1.mp3', Body: 'mp3' }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'folios/' }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual([key]);

    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject({
      name: 'NotFound',
    });
  });

  // A stream body makes the SDK send aws-chunked content with a trailing CRC32 checksum; a store that
  // ignores that framing saves the chunk headers as part of the object.
  it('stores a streamed upload byte for byte', async () => {
    const bytes = randomBytes(300_000);
    const chunks = [bytes.subarray(0, 100_000), bytes.subarray(100_000, 250_000), bytes.subarray(250_000)];
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'recordings/call-2.wav',
        Body: Readable.from(chunks),
        ContentLength: bytes.length,
      }),
    );

    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'recordings/call-2.wav' }));
    const stored = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
    expect(stored.length).toBe(bytes.length);
    expect(stored.equals(bytes)).toBe(true);
  });
});
