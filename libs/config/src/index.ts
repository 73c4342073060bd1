// Environment parsing with zod: a bad start lists every missing or invalid variable at once.
import { z } from 'zod';
import { ValidationError, type FieldIssue } from '@folio/errors';

export { z };

/** Raised when the environment does not satisfy a service's config schema; lists every problem. */
export class ConfigError extends ValidationError {
  constructor(issues: readonly FieldIssue[]) {
    super(issues, 'INVALID_CONFIG');
    this.message = `invalid configuration:\n${issues.map((i) => `  - ${i.field}: ${i.reason}`).join('\n')}`;
  }
}

/** Parses `env` with `schema`, or throws ConfigError naming every missing or invalid variable. */
export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || '(root)',
      reason: issue.code === 'invalid_type' && issue.input === undefined ? 'is required but not set' : issue.message,
    })),
  );
}

/** "true"/"false"/"1"/"0"/"yes"/"no" as a boolean. */
export const booleanFromString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A comma-separated list of non-empty strings. */
export const commaList = z
  .string()
  .transform((s) => s.split(',').map((p) => p.trim()).filter((p) => p.length > 0))
  .pipe(z.array(z.string()).min(1, 'must name at least one entry'));

/** Settings every service has: identity, logging, HTTP port and shutdown deadline. */
export const serviceEnv = z.object({
  SERVICE_NAME: z.string().min(1).optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HTTP_HOST: z.string().default('0.0.0.0'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(25_000),
});

/** Kafka connection settings (SASL/TLS optional) and the schema registry. */
export const kafkaEnv = z.object({
  KAFKA_BROKERS: commaList,
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  KAFKA_SSL: booleanFromString.default(false),
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  SCHEMA_REGISTRY_URL: z.url(),
  SCHEMA_REGISTRY_USERNAME: z.string().min(1).optional(),
  SCHEMA_REGISTRY_PASSWORD: z.string().min(1).optional(),
});

/** PostgreSQL connection. */
export const databaseEnv = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
});

export type ServiceEnv = z.infer<typeof serviceEnv>;
export type KafkaEnv = z.infer<typeof kafkaEnv>;
export type DatabaseEnv = z.infer<typeof databaseEnv>;
