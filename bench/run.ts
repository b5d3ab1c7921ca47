import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { ensureDatabase } from '@app/messaging';

/**
 * `npm run bench`: against the running local stack (`npm start`), measures POST /api/v1/customers
 * with distinct external ids, then the identical upsert through a minimal HTTP handler writing
 * straight to PostgreSQL, in the same run, and prints both and their ratio.
 */
const ROOT = resolve(__dirname, '../..');
const GATEWAY = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';
const API_KEY = process.env.API_KEY ?? readFileSync(resolve(ROOT, '.local/dev-api-key'), 'utf8').trim();
const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PG_URL = process.env.PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';

interface Measured {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  ok: number;
  failed: number;
}

async function load(name: string, url: string, headers: Record<string, string>): Promise<Measured> {
  const run = randomBytes(3).toString('hex');
  let n = 0;
  const result = await autocannon({
    url: `${url}/api/v1/customers`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { 'content-type': 'application/json', ...headers },
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({
            customer: { external_id: `bench-${run}-${n++}`, name: 'Bench Customer', email: 'bench@example.test', currency: 'EUR', country: 'FR' },
          }),
        }),
      },
    ],
  });
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

async function startBaseline(): Promise<{ url: string; stop(): void }> {
  const databaseUrl = `${PG_URL}/bench_baseline`;
  await ensureDatabase(databaseUrl);
  const child = spawn(process.execPath, [resolve(__dirname, 'baseline-server.js')], { env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0' } });
  const port = await new Promise<number>((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) done(Number(match[1]));
    });
    child.on('exit', (code) => fail(new Error(`baseline exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

async function main(): Promise<void> {
  const health = await fetch(`${GATEWAY}/health`).catch(() => null);
  if (!health?.ok) throw new Error(`no gateway at ${GATEWAY}: start the stack with npm start`);
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB; ${CONNECTIONS} connections, ${DURATION} s each\n`);

  await load('warm-up', GATEWAY, { authorization: `Bearer ${API_KEY}` }).catch(() => undefined);
  const gateway = await load('gateway (Kafka + outbox + replicas)', GATEWAY, { authorization: `Bearer ${API_KEY}` });
  const baseline = await startBaseline();
  let direct: Measured;
  try {
    direct = await load('direct to PostgreSQL (baseline)', baseline.url, {});
  } finally {
    baseline.stop();
  }

  const rows = [gateway, direct].map((m) => ({
    run: m.name,
    'upserts/s': Math.round(m.requestsPerSecond),
    'p50 ms': m.p50,
    'p90 ms': m.p90,
    'p99 ms': m.p99,
    ok: m.ok,
    failed: m.failed,
  }));
  console.table(rows);
  console.log(`ratio gateway / baseline: ${(gateway.requestsPerSecond / direct.requestsPerSecond).toFixed(2)}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
