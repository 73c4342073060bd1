// Starting a service against the real broker and registry: schemas of the topics it writes are registered first.
import { describe, it, expect } from '@jest/globals';
import { serviceEnv } from '@folio/testkit';
import { startService } from './service.js';

describe('service start', () => {
  it('registers the value schemas of the catalog topics a service writes, then reports ready', async () => {
    const service = await startService({ name: 'registering', produces: ['folio.dlq.v1'], start: async () => undefined }, { env: serviceEnv() });
    try {
      const id = await service.context.kafka.serde.registry.getLatestSchemaId('folio.dlq.v1-io.folio.platform.DeadLetter');
      expect(id).toBeGreaterThan(0);
      const ready = await fetch(`http://127.0.0.1:${service.port}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      await service.stop();
    }
  });

  it('refuses to start with every invalid variable listed', async () => {
    await expect(startService({ name: 'bad', start: async () => undefined }, { env: { HTTP_PORT: 'x' } })).rejects.toThrow(
      /KAFKA_BROKERS: is required but not set[\s\S]*SCHEMA_REGISTRY_URL/,
    );
  });
});
