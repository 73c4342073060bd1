// kafkajs client from the shared Kafka environment: brokers, TLS, SASL, and a pino-backed log creator.
import { readFileSync } from 'node:fs';
import kafkajs, { type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { KafkaEnv } from '@folio/config';
import { ConfigError } from '@folio/config';
import type { Logger } from '@folio/logger';

const { Kafka, logLevel, Partitioners } = kafkajs;
export type Kafka = InstanceType<typeof Kafka>;

/**
 * The partitioner every Folio producer uses: murmur2 like the Java client, so that a key lands in the same
 * partition whoever produces it (co-partitioned topics rely on it; librdkafka clients must set murmur2_random).
 */
export const folioPartitioner = Partitioners.DefaultPartitioner;

function pinoLogCreator(logger: Logger) {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log }: { level: number; log: { message: string; [k: string]: unknown } }) => {
      const { message, timestamp: _t, logger: _l, ...extra } = log;
      // Known and accepted: the shared idempotent producer has bounded retries (at-least-once at the edges);
      // exactly-once paths use transactions, which abort instead.
      if (message.startsWith('Limiting retries for the idempotent producer')) return child.debug(extra, message);
      if (level === logLevel.ERROR) child.error(extra, message);
      else if (level === logLevel.WARN) child.warn(extra, message);
      else if (level === logLevel.INFO) child.info(extra, message);
      else child.debug(extra, message);
    };
}

function sasl(env: KafkaEnv): SASLOptions | undefined {
  if (!env.KAFKA_SASL_MECHANISM) return undefined;
  if (!env.KAFKA_SASL_USERNAME || !env.KAFKA_SASL_PASSWORD) {
    throw new ConfigError([
      ...(!env.KAFKA_SASL_USERNAME ? [{ field: 'KAFKA_SASL_USERNAME', reason: `is required when KAFKA_SASL_MECHANISM is set` }] : []),
      ...(!env.KAFKA_SASL_PASSWORD ? [{ field: 'KAFKA_SASL_PASSWORD', reason: `is required when KAFKA_SASL_MECHANISM is set` }] : []),
    ]);
  }
  return { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME, password: env.KAFKA_SASL_PASSWORD } as SASLOptions;
}

/** A kafkajs client for `clientId`, logging through `logger` (kafkajs INFO chatter is demoted to debug). */
export function createKafka(env: KafkaEnv, clientId: string, logger: Logger): Kafka {
  const ssl = env.KAFKA_SSL_CA_FILE ? { ca: [readFileSync(env.KAFKA_SSL_CA_FILE, 'utf8')] } : env.KAFKA_SSL;
  const saslOptions = sasl(env);
  const config: KafkaConfig = {
    clientId: env.KAFKA_CLIENT_ID ?? clientId,
    brokers: env.KAFKA_BROKERS,
    ssl,
    ...(saslOptions ? { sasl: saslOptions } : {}),
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(logger) as never,
    retry: { initialRetryTime: 300, retries: 8 },
  };
  return new Kafka(config);
}
