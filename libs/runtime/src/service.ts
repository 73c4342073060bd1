// A service's life: parse config, build logger, metrics, HTTP and Kafka, start, then shut down in order on
// SIGTERM/SIGINT before a deadline (stop fetching, finish in-flight work, commit, disconnect, exit).
import { loadConfig, kafkaEnv, serviceEnv, ConfigError, z } from '@folio/config';
import { createLogger, type Logger } from '@folio/logger';
import { createRegistry, gauge, type Registry } from '@folio/metrics';
import { createHttpServer, type HttpServer } from './http-server.js';
import type { TopicName } from '@folio/contracts';
import { KafkaRuntime } from './kafka/kafka-runtime.js';

const baseEnv = serviceEnv.extend(kafkaEnv.shape);
export type BaseConfig = z.infer<typeof baseEnv>;

export interface ServiceContext<C> {
  readonly name: string;
  readonly config: BaseConfig & C;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly http: HttpServer;
  readonly kafka: KafkaRuntime;
  /**
   * Registers work to do on shutdown (last added runs first). Phase 'before-kafka' runs before consumers stop
   * (stop tickers and intake that use Kafka); 'after-kafka', the default, after they finished (close pools).
   */
  onShutdown(fn: () => Promise<void> | void, phase?: 'before-kafka' | 'after-kafka'): void;
}

export interface ServiceDefinition<Shape extends z.ZodRawShape> {
  readonly name: string;
  /** Catalog topics the service writes: their schemas are registered (compatibility checked) before start. */
  readonly produces?: readonly TopicName[];
  /** The service's own environment variables on top of the shared ones (service, HTTP, Kafka). */
  readonly env?: Shape;
  /** Wires handlers and starts consumers; resolves once the service is started. */
  readonly start: (ctx: ServiceContext<z.infer<z.ZodObject<Shape>>>) => Promise<void>;
}

export interface RunningService {
  readonly port: number;
  readonly context: ServiceContext<unknown>;
  /** Graceful stop; resolves when everything is closed. */
  stop(reason?: string): Promise<void>;
}

/**
 * Starts a service in this process. `env` defaults to process.env; tests pass their own and HTTP_PORT=0.
 * Signals are handled only when `handleSignals` is true (the default in main.ts, off in tests).
 */
export async function startService<Shape extends z.ZodRawShape>(
  definition: ServiceDefinition<Shape>,
  options: { env?: Record<string, string | undefined>; handleSignals?: boolean } = {},
): Promise<RunningService> {
  const schema = baseEnv.extend(definition.env ?? ({} as Shape));
  const config = loadConfig(schema, options.env ?? process.env) as BaseConfig & z.infer<z.ZodObject<Shape>>;
  const name = config.SERVICE_NAME ?? definition.name;
  const logger = createLogger({ service: name, level: config.LOG_LEVEL });
  const registry = createRegistry(name);
  const ready = gauge(registry, 'folio_ready', 'Whether the service reports ready (1) or not (0).');
  const http = createHttpServer({ logger, registry });
  const kafka = new KafkaRuntime({ env: config, service: name, logger, registry });
  const shutdownHooks = { 'before-kafka': [] as (() => Promise<void> | void)[], 'after-kafka': [] as (() => Promise<void> | void)[] };
  let started = false;
  http.addReadinessCheck('started', () => started);
  http.addReadinessCheck('kafka', () => kafka.isReady());

  const context: ServiceContext<z.infer<z.ZodObject<Shape>>> = {
    name,
    config,
    logger,
    registry,
    http,
    kafka,
    onShutdown: (fn, phase = 'after-kafka') => void shutdownHooks[phase].push(fn),
  };

  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop requested'): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ reason }, 'shutting down');
      started = false;
      ready.set(0);
      const deadline = setTimeout(() => {
        logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown deadline passed; exiting');
        process.exit(1);
      }, config.SHUTDOWN_TIMEOUT_MS);
      deadline.unref();
      try {
        for (const hook of shutdownHooks['before-kafka'].reverse()) await hook();
        await kafka.close();
        for (const hook of shutdownHooks['after-kafka'].reverse()) await hook();
        await http.close();
      } finally {
        clearTimeout(deadline);
        clearInterval(readyTimer);
        logger.info('stopped');
      }
    })();
    return stopping;
  };

  const readyTimer = setInterval(() => ready.set(started && kafka.isReady() ? 1 : 0), 1000);
  readyTimer.unref();
  const port = await http.listen(config.HTTP_PORT, config.HTTP_HOST);
  if (options.handleSignals) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        void stop(signal).then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      });
    }
  }
  try {
    if (definition.produces?.length) await kafka.registerTopics(definition.produces);
    await definition.start(context);
  } catch (error) {
    logger.error({ err: error }, 'start failed');
    await stop('start failed').catch(() => undefined);
    throw error;
  }
  started = true;
  logger.info({ port }, 'started');
  return { port, context: context as ServiceContext<unknown>, stop };
}

/** Entry point for main.ts: starts the service with process.env and signals; a bad config exits 1 with every problem. */
export async function runService<Shape extends z.ZodRawShape>(definition: ServiceDefinition<Shape>): Promise<void> {
  try {
    await startService(definition, { handleSignals: true });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
    } else {
      process.stderr.write(`${definition.name}: failed to start: ${(error as Error)?.stack ?? error}\n`);
    }
    process.exit(1);
  }
}
