#!/usr/bin/env node
// `make dev`: runs every service under services/ against the local infrastructure, prints their logs as
// readable lines prefixed with the service name, reports when each is ready, and on Ctrl-C stops the
// services gracefully (SIGTERM, then waits) before returning. Infrastructure is handled by scripts/dev.sh.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = new URL('..', import.meta.url).pathname;
// Fixed ports so URLs stay the same between runs; services not listed get the next free slot from 8090.
const PORTS = { api: 8080, 'hotel-sim': 8089 };
const COLORS = [36, 32, 35, 33, 34, 31, 96, 92, 95, 93];
const LEVEL = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const only = process.env.SERVICES ? new Set(process.env.SERVICES.split(',')) : undefined;

// A workspace runs in `make dev` when it is deployed, or when it says it is a development stand-in
// (`"folio": { "deploy": false, "dev": true }`, the hotel simulator); services without adapters yet are skipped.
const runsInDev = (name) => {
  const folio = JSON.parse(readFileSync(join(root, 'services', name, 'package.json'), 'utf8')).folio ?? {};
  return folio.deploy !== false || folio.dev === true;
};
const services = readdirSync(join(root, 'services'))
  .filter((name) => existsSync(join(root, 'services', name, 'dist', 'main.js')) && runsInDev(name))
  .filter((name) => !only || only.has(name))
  .sort();
if (services.length === 0) {
  console.error('no built service under services/*/dist/main.js; run `make build` first');
  process.exit(1);
}
const width = Math.max(...services.map((s) => s.length));
let nextPort = 8090;

function format(name, color, line) {
  const prefix = `\x1b[${color}m${name.padEnd(width)}\x1b[0m │ `;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return prefix + line;
  }
  const { time, level, msg, service: _s, pid: _p, hostname: _h, ...rest } = entry;
  const label = typeof level === 'number' ? LEVEL[level] ?? level : String(level).toUpperCase().padEnd(5);
  const when = typeof time === 'string' ? time.slice(11, 23) : new Date(time ?? Date.now()).toISOString().slice(11, 23);
  const err = rest.err ? ` ${rest.err.type ?? 'Error'}: ${rest.err.message}` : '';
  delete rest.err;
  const extra = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
  const tint = label.startsWith('ERR') || label.startsWith('FAT') ? '\x1b[31m' : label.startsWith('WARN') ? '\x1b[33m' : '';
  return `${prefix}${when} ${tint}${label}\x1b[0m ${msg ?? ''}${err}${extra ? `  \x1b[2m${extra}\x1b[0m` : ''}`;
}

const ports = Object.fromEntries(services.map((name) => [name, PORTS[name] ?? nextPort++]));

// Without Twilio credentials the caller calls the simulated hotels: hotel-sim plays Twilio and ElevenLabs, runs
// its clock at HOTEL_SIM_TIME_SCALE (0.2: a 5-minute call takes a minute) and publishes open-all-day profiles
// for its hotels; the caller counts call time on the same clock.
const simulated = !process.env.TWILIO_ACCOUNT_SID;
const simScale = process.env.HOTEL_SIM_TIME_SCALE ?? '0.2';
const simUrl = `http://127.0.0.1:${ports['hotel-sim'] ?? PORTS['hotel-sim']}`;
const EXTRA_ENV = {
  api: { ACCEPT_FICTIONAL_PHONE_NUMBERS: String(simulated) },
  records: { ACCEPT_FICTIONAL_PHONE_NUMBERS: String(simulated) },
  'hotel-sim': { HOTEL_SIM_TIME_SCALE: simScale, HOTEL_SIM_PROFILES_TOPIC: 'folio.hotels.v1', ELEVENLABS_API_KEY: 'folio-dev', HOTEL_SIM_EMAIL_DESK: 'true' },
  caller: simulated
    ? {
        TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
        TWILIO_AUTH_TOKEN: 'hotel-sim-auth-token',
        TWILIO_FROM_NUMBER: '+15005550006',
        TWILIO_API_BASE_URL: simUrl,
        ELEVENLABS_API_KEY: 'folio-dev',
        ELEVENLABS_BASE_URL: simUrl,
        CALL_CLOCK_SCALE: String(1 / Number(simScale || 1)),
        PUBLIC_BASE_URL: `http://127.0.0.1:${ports.caller}`,
        SWEEP_INTERVAL_MS: '2000',
      }
    : { PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${ports.caller}` },
};

const children = services.map((name, i) => {
  const port = ports[name];
  const env = { ...process.env, SERVICE_NAME: name, HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1', NODE_ENV: 'development', ...(EXTRA_ENV[name] ?? {}) };
  const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'services', name, 'dist', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const color = COLORS[i % COLORS.length];
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (l) => console.log(format(name, color, l)));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  exited.then(({ code, signal }) => {
    if (!stopping) console.log(format(name, 31, `exited (${signal ?? code}); the others keep running`));
  });
  return { name, port, child, exited };
});

async function waitReady({ name, port, exited }) {
  let done = false;
  exited.then(() => (done = true));
  const deadline = Date.now() + 120_000;
  while (!done && Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return console.log(`\x1b[1;32mready\x1b[0m ${name} on http://127.0.0.1:${port} (/readyz, /metrics)`);
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!done) console.log(`\x1b[1;31mnot ready\x1b[0m ${name} after 120 s: see its log lines above`);
}

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping ${services.join(', ')} ...`);
  for (const c of children) c.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const c of children) c.child.kill('SIGKILL');
  }, 30_000);
  await Promise.all(children.map((c) => c.exited));
  clearTimeout(timer);
  console.log('all services stopped');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
await Promise.all(children.map(waitReady));
if (!stopping) console.log('\nFolio is running. Ctrl-C stops the services and the servers this run started.');
