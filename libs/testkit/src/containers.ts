// Fallback for machines with a Docker engine and no local servers: start them with testcontainers and
// publish their addresses in the environment variables the tests read. Without either, tests fail with a hint.
import { existsSync } from 'node:fs';
import { INFRA_HINT } from './environment.js';

const REQUIRED = ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'DATABASE_URL', 'S3_ENDPOINT', 'SMTP_PORT', 'IMAP_PORT'] as const;

export function missingInfraVariables(env: NodeJS.ProcessEnv = process.env): string[] {
  return REQUIRED.filter((name) => !env[name]);
}

export function dockerAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

type Stop = () => Promise<unknown>;

/** Starts whatever servers are missing as containers; returns a function that stops them. */
export async function startContainers(missing: readonly string[]): Promise<Stop> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const stops: Stop[] = [];
  const want = new Set(missing);
  if (want.has('KAFKA_BROKERS')) {
    const port = 19092;
    const kafka = await new GenericContainer('apache/kafka:4.1.1')
      .withExposedPorts({ container: port, host: port })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${port},CONTROLLER://0.0.0.0:9093`,
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .start();
    process.env.KAFKA_BROKERS = `127.0.0.1:${port}`;
    stops.push(() => kafka.stop());
  }
  if (want.has('SCHEMA_REGISTRY_URL')) {
    const registry = await new GenericContainer('apicurio/apicurio-registry:3.3.3')
      .withExposedPorts(8080)
      .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080))
      .start();
    process.env.SCHEMA_REGISTRY_URL = `http://${registry.getHost()}:${registry.getMappedPort(8080)}/apis/ccompat/v7`;
    stops.push(() => registry.stop());
  }
  if (want.has('DATABASE_URL')) {
    const pg = await new GenericContainer('postgres:16-alpine')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'folio_test' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/ready to accept connections/, 2))
      .start();
    process.env.DATABASE_URL = `postgres://postgres@${pg.getHost()}:${pg.getMappedPort(5432)}/folio_test`;
    process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
    stops.push(() => pg.stop());
  }
  if (want.has('S3_ENDPOINT')) {
    const s3 = await new GenericContainer('adobe/s3mock:4.10.0').withExposedPorts(9090).withWaitStrategy(Wait.forListeningPorts()).start();
    process.env.S3_ENDPOINT = `http://${s3.getHost()}:${s3.getMappedPort(9090)}`;
    process.env.S3_REGION ??= 'us-east-1';
    process.env.S3_ACCESS_KEY_ID ??= 'test';
    process.env.S3_SECRET_ACCESS_KEY ??= 'test';
    stops.push(() => s3.stop());
  }
  if (want.has('SMTP_PORT') || want.has('IMAP_PORT')) {
    const mail = await new GenericContainer('greenmail/standalone:2.1.5')
      .withEnvironment({ GREENMAIL_OPTS: '-Dgreenmail.setup.test.smtp -Dgreenmail.setup.test.imap -Dgreenmail.hostname=0.0.0.0 -Dgreenmail.auth.disabled -Dgreenmail.sieve.ignore.detail=true' })
      .withExposedPorts(3025, 3143)
      .withWaitStrategy(Wait.forListeningPorts())
      .start();
    process.env.SMTP_HOST = mail.getHost();
    process.env.SMTP_PORT = String(mail.getMappedPort(3025));
    process.env.IMAP_HOST = mail.getHost();
    process.env.IMAP_PORT = String(mail.getMappedPort(3143));
    stops.push(() => mail.stop());
  }
  return async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
}

/** Jest global setup: nothing to do when the servers are known; containers with Docker; else a clear failure. */
export async function ensureInfrastructure(): Promise<Stop | undefined> {
  const missing = missingInfraVariables();
  if (missing.length === 0) return undefined;
  if (!dockerAvailable()) throw new Error(`missing ${missing.join(', ')} and no Docker engine for testcontainers. ${INFRA_HINT}`);
  return startContainers(missing);
}
