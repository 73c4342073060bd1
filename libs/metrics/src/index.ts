// prom-client registry per service: Node default metrics plus folio_* metrics with a `service` label.
import client, { Registry, Counter, Gauge, Histogram } from 'prom-client';

export { Registry, Counter, Gauge, Histogram };

/** Creates the service's registry with Node runtime metrics and the default label service=<name>. */
export function createRegistry(service: string, options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.defaultMetrics !== false) client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  return registry;
}

function checkName(name: string): string {
  if (!/^folio_[a-z0-9_]+$/.test(name)) throw new Error(`metric "${name}" must be snake_case and start with folio_`);
  return name;
}

/** Returns the registry's metric of that name, creating it on first use (so modules can share one). */
function reuse<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return reuse(registry, name, () => new Counter<L>({ name: checkName(name), help, labelNames, registers: [registry] }));
}

export function gauge<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
  return reuse(registry, name, () => new Gauge<L>({ name: checkName(name), help, labelNames, registers: [registry] }));
}

export function histogram<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  buckets: number[] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
): Histogram<L> {
  return reuse(registry, name, () => new Histogram<L>({ name: checkName(name), help, labelNames, buckets, registers: [registry] }));
}
