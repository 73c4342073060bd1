import { describe, it, expect, afterEach } from '@jest/globals';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { createHttpServer, type HttpServer } from './http-server.js';

let server: HttpServer | undefined;
afterEach(async () => server?.close());

async function start() {
  server = createHttpServer({ logger: createLogger({ service: 't', level: 'silent' }), registry: createRegistry('t') });
  let ready = false;
  server.addReadinessCheck('kafka', () => ready);
  server.app.get('/v1/things/:id', (_req, res) => void res.json({ ok: true }));
  const port = await server.listen(0, '127.0.0.1');
  return { base: `http://127.0.0.1:${port}`, setReady: (v: boolean) => (ready = v) };
}

describe('service HTTP server', () => {
  it('is live at once and ready only when every check passes', async () => {
    const { base, setReady } = await start();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: 'not ready', checks: { kafka: false } });
    setReady(true);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('echoes or creates a correlation id and counts requests by route pattern, not by path', async () => {
    const { base } = await start();
    const res = await fetch(`${base}/v1/things/123`, { headers: { 'x-correlation-id': 'abc' } });
    expect(res.headers.get('x-correlation-id')).toBe('abc');
    await fetch(`${base}/v1/things/456`);
    expect((await fetch(`${base}/nowhere`)).headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('folio_http_requests_total{method="GET",route="/v1/things/:id",status="200",service="t"} 2');
    expect(metrics).toContain('route="unmatched",status="404"');
    expect(metrics).not.toContain('/v1/things/123');
    expect(metrics).toContain('process_resident_memory_bytes');
  });
});
