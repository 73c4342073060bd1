import { describe, it, expect } from '@jest/globals';
import { loadConfig, z } from '@folio/config';
import { createS3Client, isNotFound, objectStoreEnv, objectStoreSettings } from './index.js';

describe('object store settings', () => {
  it('treat empty optional variables as unset and read booleans the config way', () => {
    const config = loadConfig(z.object(objectStoreEnv), { S3_ENDPOINT: '', S3_ACCESS_KEY_ID: '', S3_FORCE_PATH_STYLE: 'false' });
    expect(objectStoreSettings(config)).toEqual({ endpoint: undefined, region: 'us-east-1', accessKeyId: undefined, secretAccessKey: undefined, forcePathStyle: false });
  });

  it('refuse an endpoint that is not a URL, naming the variable', () => {
    expect(() => loadConfig(z.object(objectStoreEnv), { S3_ENDPOINT: 'not a url' })).toThrow(/S3_ENDPOINT/);
  });

  it('build a client for the endpoint, or for the one given instead', async () => {
    const settings = objectStoreSettings(loadConfig(z.object(objectStoreEnv), { S3_ENDPOINT: 'http://127.0.0.1:19000', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' }));
    const client = createS3Client(settings);
    const endpoint = await client.config.endpoint!();
    expect(endpoint.hostname).toBe('127.0.0.1');
    const other = createS3Client(settings, 'https://files.example.com');
    expect((await other.config.endpoint!()).hostname).toBe('files.example.com');
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'k', secretAccessKey: 's' });
  });

  it('tell a missing object from other failures', () => {
    expect(isNotFound({ name: 'NoSuchKey' })).toBe(true);
    expect(isNotFound({ $metadata: { httpStatusCode: 404 } })).toBe(true);
    expect(isNotFound({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })).toBe(false);
  });
});
