import { describe, it, expect } from '@jest/globals';
import { ConfigError, loadConfig, z } from '@folio/config';
import { apiEnv } from './config.js';

const schema = z.object(apiEnv);
const load = (env: Record<string, string>) => loadConfig(schema, { DATABASE_URL: 'postgres://localhost/folio', ...env });

describe('api config: object-store links', () => {
  it('defaults the link lifetime, the buckets and path style', () => {
    expect(load({})).toMatchObject({ RECORDING_LINK_TTL_SECONDS: 900, DOCUMENTS_BUCKET: 'folio-documents', S3_FORCE_PATH_STYLE: true, S3_REGION: 'us-east-1' });
    expect(load({}).CALLS_BUCKET).toBeUndefined();
    expect(load({}).S3_PUBLIC_ENDPOINT).toBeUndefined();
  });

  it('takes an empty optional setting as not set, and refuses an endpoint that is not a URL', () => {
    expect(load({ S3_PUBLIC_ENDPOINT: '', S3_ENDPOINT: '', CALLS_BUCKET: '' })).toMatchObject({ S3_PUBLIC_ENDPOINT: undefined, S3_ENDPOINT: undefined, CALLS_BUCKET: undefined });
    expect(load({ S3_PUBLIC_ENDPOINT: 'https://media.example.com' }).S3_PUBLIC_ENDPOINT).toBe('https://media.example.com');
    expect(() => load({ S3_PUBLIC_ENDPOINT: 'media.example.com' })).toThrow(ConfigError);
  });

  it('keeps a link lifetime within what SigV4 allows (1 s to 7 days)', () => {
    expect(load({ RECORDING_LINK_TTL_SECONDS: '604800' }).RECORDING_LINK_TTL_SECONDS).toBe(604_800);
    expect(() => load({ RECORDING_LINK_TTL_SECONDS: '604801' })).toThrow(/RECORDING_LINK_TTL_SECONDS/);
    expect(() => load({ RECORDING_LINK_TTL_SECONDS: '0' })).toThrow(/RECORDING_LINK_TTL_SECONDS/);
  });
});
