// The small HTTP server of every service: /healthz, /readyz, /metrics, correlation ids and request metrics.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import { withCorrelation, type Logger } from '@folio/logger';
import { counter, histogram, type Registry } from '@folio/metrics';

export type ReadinessCheck = () => boolean | Promise<boolean>;

export interface HttpServer {
  readonly app: Express;
  /** Adds a named readiness check; /readyz is 200 only when all pass. */
  addReadinessCheck(name: string, check: ReadinessCheck): void;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export function createHttpServer(options: { logger: Logger; registry: Registry }): HttpServer {
  const { logger, registry } = options;
  const app = express();
  app.disable('x-powered-by');
  const checks = new Map<string, ReadinessCheck>();
  const requests = counter(registry, 'folio_http_requests_total', 'HTTP requests by route and status.', ['method', 'route', 'status']);
  const duration = histogram(registry, 'folio_http_request_duration_seconds', 'HTTP request duration by route.', ['method', 'route']);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const correlationId = req.header('x-correlation-id') ?? randomUUID();
    res.setHeader('x-correlation-id', correlationId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // The matched route pattern keeps the label bounded; unmatched paths share one value.
      const route = (req.route?.path as string | undefined) ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      duration.observe({ method: req.method, route }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    withCorrelation({ correlationId }, () => next());
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const results: Record<string, boolean> = {};
    for (const [name, check] of checks) {
      try {
        results[name] = await check();
      } catch {
        results[name] = false;
      }
    }
    const ready = Object.values(results).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: results });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', registry.contentType);
    res.send(await registry.metrics());
  });

  let server: Server | undefined;
  return {
    app,
    addReadinessCheck: (name, check) => void checks.set(name, check),
    listen(port, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        server = app.listen(port, host, (error?: Error) => {
          if (error) return reject(error);
          const address = server!.address();
          const bound = typeof address === 'object' && address ? address.port : port;
          logger.info({ port: bound }, 'http listening');
          resolve(bound);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
