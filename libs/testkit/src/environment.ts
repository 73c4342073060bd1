// Where the test servers are: read from the environment (set by `make test` / `make infra-up`);
// when unset, jest's global setup may have started containers (see containers.ts) and set them.

export const INFRA_HINT =
  'Start the local servers with `make infra-up` and load their addresses with `source <(scripts/infra/env.sh --print)`, ' +
  'or run the tests through `make test`, which does both. With a Docker engine, unset variables are filled by testcontainers.';

/** The value of an environment variable a test needs, or an error that says how to provide it. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set. ${INFRA_HINT}`);
  return value;
}

export function kafkaBrokers(): string[] {
  return requireEnv('KAFKA_BROKERS').split(',').map((b) => b.trim()).filter(Boolean);
}

export function databaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? requireEnv('DATABASE_URL');
}

/** The environment a service under test starts with: the servers' addresses plus `overrides`. */
export function serviceEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: requireEnv('KAFKA_BROKERS'),
    SCHEMA_REGISTRY_URL: requireEnv('SCHEMA_REGISTRY_URL'),
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    NODE_ENV: 'test',
    ...overrides,
  };
}
