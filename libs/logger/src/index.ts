// pino JSON logging: one event per line, personal data and secrets redacted, correlation id from the current context.
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger, type LoggerOptions, type DestinationStream } from 'pino';

export type { Logger };

/** What ties log lines, produced messages and HTTP calls to one unit of work. */
export interface CorrelationContext {
  readonly correlationId: string;
  readonly causationId?: string | undefined;
  readonly tenantId?: string | undefined;
}

const context = new AsyncLocalStorage<CorrelationContext>();

/** Runs `fn` with `ctx` as the current correlation context (log lines and produced messages carry it). */
export function withCorrelation<T>(ctx: CorrelationContext, fn: () => T): T {
  return context.run(ctx, fn);
}

/** The correlation context of the current unit of work, if any. */
export function currentCorrelation(): CorrelationContext | undefined {
  return context.getStore();
}

/** Keys whose values are personal data or secrets, wherever they appear in a logged object. */
export const SENSITIVE_KEYS = [
  'guestFirstName', 'guestLastName', 'guestName', 'firstName', 'lastName',
  'email', 'destinationEmail', 'hotelEmail', 'from', 'to', 'replyTo',
  'phone', 'hotelPhone', 'phoneNumber', 'To', 'From', 'Caller', 'Called',
  'password', 'authToken', 'apiKey', 'token', 'secret', 'authorization', 'cookie',
  'KAFKA_SASL_PASSWORD', 'SCHEMA_REGISTRY_PASSWORD', 'TWILIO_AUTH_TOKEN', 'ELEVENLABS_API_KEY', 'AWS_SECRET_ACCESS_KEY',
] as const;

/** pino redact paths for SENSITIVE_KEYS at the top level and up to three levels deep. */
export function redactPaths(keys: readonly string[] = SENSITIVE_KEYS): string[] {
  const prefixes = ['', '*.', '*.*.', '*.*.*.'];
  return prefixes.flatMap((prefix) => keys.map((key) => `${prefix}${key}`));
}

export interface CreateLoggerOptions {
  readonly service: string;
  readonly level?: string;
  readonly destination?: DestinationStream;
  readonly base?: Record<string, unknown>;
}

/** The service's root logger: JSON lines with `service`, `correlationId` from the current context, redaction on. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service, ...options.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactPaths(), censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const ctx = context.getStore();
      return ctx ? { correlationId: ctx.correlationId, ...(ctx.tenantId ? { tenantId: ctx.tenantId } : {}) } : {};
    },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
