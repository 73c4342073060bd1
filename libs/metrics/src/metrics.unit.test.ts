import { describe, it, expect } from '@jest/globals';
import { counter, createRegistry } from './index.js';

describe('metrics', () => {
  it('labels every metric with the service and refuses names outside folio_', async () => {
    const registry = createRegistry('svc', { defaultMetrics: false });
    counter(registry, 'folio_things_total', 'Things.', ['kind']).inc({ kind: 'a' });
    expect(await registry.metrics()).toContain('folio_things_total{kind="a",service="svc"} 1');
    expect(() => counter(registry, 'things_total', 'x')).toThrow(/folio_/);
  });

  it('returns the same metric when two modules ask for one name', () => {
    const registry = createRegistry('svc', { defaultMetrics: false });
    expect(counter(registry, 'folio_x_total', 'x')).toBe(counter(registry, 'folio_x_total', 'x'));
  });

  it('exposes Node runtime metrics by default', async () => {
    expect(await createRegistry('svc').metrics()).toContain('nodejs_eventloop_lag_seconds');
  });
});
