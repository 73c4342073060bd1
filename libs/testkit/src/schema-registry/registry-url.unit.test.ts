import { describe, it, expect } from '@jest/globals';
import { schemaRegistryUrl } from './registry-url.js';

describe('schemaRegistryUrl', () => {
  it('answers SCHEMA_REGISTRY_URL without a trailing slash', () => {
    expect(schemaRegistryUrl({ SCHEMA_REGISTRY_URL: 'http://127.0.0.1:18081/apis/ccompat/v7/' })).toBe(
      'http://127.0.0.1:18081/apis/ccompat/v7',
    );
  });

  it('says how to start the registry when SCHEMA_REGISTRY_URL is not set', () => {
    expect(() => schemaRegistryUrl({})).toThrow(/registry\.sh up/);
  });
});
