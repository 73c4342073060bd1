import { describe, it, expect } from '@jest/globals';
import { ConfigError, kafkaEnv, loadConfig, serviceEnv, commaList, z } from './index.js';

describe('loadConfig', () => {
  it('lists every missing or invalid variable at once', () => {
    const schema = serviceEnv.extend(kafkaEnv.shape);
    let error: unknown;
    try {
      loadConfig(schema, { HTTP_PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const fields = (error as ConfigError).issues.map((i) => i.field).sort();
    expect(fields).toEqual(['HTTP_PORT', 'KAFKA_BROKERS', 'LOG_LEVEL', 'SCHEMA_REGISTRY_URL']);
    expect((error as ConfigError).message).toContain('KAFKA_BROKERS: is required but not set');
  });

  it('applies defaults and parses lists and booleans', () => {
    const config = loadConfig(serviceEnv.extend(kafkaEnv.shape), {
      KAFKA_BROKERS: ' a:1, b:2 ,',
      SCHEMA_REGISTRY_URL: 'http://registry:8080/apis/ccompat/v7',
      KAFKA_SSL: 'yes',
    });
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(config.KAFKA_SSL).toBe(true);
    expect(config.HTTP_PORT).toBe(8080);
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(25_000);
  });

  it('refuses an empty list', () => {
    expect(() => loadConfig(z.object({ L: commaList }), { L: ' , ' })).toThrow(/at least one/);
  });
});
