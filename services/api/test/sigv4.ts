// An independent check of a presigned S3 URL (AWS Signature Version 4, query form), written from the AWS
// documentation with node:crypto only. The local object store accepts any request, so without this a URL signed
// for the wrong host or with the wrong secret would still fetch the bytes in tests and fail only on real S3.
import { createHash, createHmac } from 'node:crypto';

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface PresignedParts {
  readonly host: string;
  readonly accessKeyId: string;
  readonly region: string;
  readonly signedAt: Date;
  readonly expiresInSeconds: number;
}

/** The URL's signing parts when its X-Amz-Signature is right for `secretAccessKey`; throws naming what differs. */
export function verifyPresignedUrl(url: string, secretAccessKey: string): PresignedParts {
  const parsed = new URL(url);
  const params = [...parsed.searchParams.entries()];
  const get = (name: string) => {
    const value = parsed.searchParams.get(name);
    if (value === null) throw new Error(`the URL has no ${name}`);
    return value;
  };
  if (get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') throw new Error('not AWS4-HMAC-SHA256');
  const amzDate = get('X-Amz-Date');
  const [accessKeyId, day, region, service, terminator] = get('X-Amz-Credential').split('/');
  if (service !== 's3' || terminator !== 'aws4_request' || !day || !region || !accessKeyId) throw new Error(`unexpected credential scope ${get('X-Amz-Credential')}`);
  const signedHeaders = get('X-Amz-SignedHeaders').split(';');
  const headerValues: Record<string, string> = { host: parsed.host };
  const canonicalQuery = params
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalHeaders = signedHeaders.map((h) => {
    const value = headerValues[h];
    if (value === undefined) throw new Error(`a URL alone cannot carry the signed header ${h}`);
    return `${h}:${value}\n`;
  });
  const canonicalRequest = ['GET', parsed.pathname, canonicalQuery, canonicalHeaders.join(''), signedHeaders.join(';'), 'UNSIGNED-PAYLOAD'].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), 's3'), 'aws4_request');
  const expected = hmac(key, stringToSign).toString('hex');
  if (expected !== get('X-Amz-Signature')) throw new Error(`the signature does not match a request to ${parsed.host} signed with this secret`);
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) throw new Error(`bad X-Amz-Date ${amzDate}`);
  return {
    host: parsed.host,
    accessKeyId,
    region,
    signedAt: new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`),
    expiresInSeconds: Number(get('X-Amz-Expires')),
  };
}
