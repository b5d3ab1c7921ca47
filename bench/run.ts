import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { ensureDatabase } from '@app/messaging';
import { latencySummary, type LatencySummary } from './percentiles';

/**
 * `npm run bench`: against the running local stack (`npm start`), in one run:
 * - customer upserts (POST /api/v1/customers, a new external_id each) at fixed offered loads
 *   and at saturation, with p50/p95/p99 latency;
 * - payment requests/s (POST /api/v1/payment_requests over overdue invoices made beforehand);
 * - propagation delay: from the gateway's 200 until a reader of the invoicing database sees
 *   the customer in its replica;
 * - the same upsert through a direct-to-PostgreSQL baseline at saturation, and the ratio.
 * It prints a Markdown report (the format of docs/benchmarks.md).
 */
const ROOT = resolve(__dirname, '../..');
const GATEWAY = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';
const API_KEY = process.env.API_KEY ?? readFileSync(resolve(ROOT, '.local/dev-api-key'), 'utf8').trim();
const PG_URL = process.env.PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const INVOICING_DB = process.env.INVOICING_DATABASE_URL ?? `${PG_URL}/invoicing`;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const RATES = (process.env.BENCH_RATES ?? '100,300,600').split(',').map(Number).filter((r) => r > 0);
const PROPAGATION_RATE = Number(process.env.BENCH_PROPAGATION_RATE ?? 100);
const PAYMENT_REQUESTS = Number(process.env.BENCH_PAYMENT_REQUESTS ?? 600);
const RUN = randomBytes(3).toString('hex');
const auth = { authorization: `Bearer ${API_KEY}` };

interface Measured extends LatencySummary {
  name: string;
  offered: string;
  perSecond: number;
  ok: number;
  failed: number;
}

interface LoadOptions {
  name: string;
  url: string;
  path: string;
  headers?: Record<string, string>;
  body: (n: number) => unknown;
  /** Stop after this many requests instead of after SECONDS. */
  amount?: number;
  connections?: number;
  /** Called with the request number and its status when each answer arrives. */
  onAnswer?: (n: number, status: number) => void;
}

/** Drives one load with autocannon and measures every answer's latency itself (autocannon has no p95). */
async function load(options: LoadOptions): Promise<Measured> {
  const latencies: number[] = [];
  let n = 0;
  let ok = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon(
      {
        url: `${options.url}${options.path}`,
        method: 'POST',
        connections: options.connections ?? CONNECTIONS,
        ...(options.amount ? { amount: options.amount } : { duration: SECONDS }),
        headers: { 'content-type': 'application/json', ...options.headers },
        requests: [
          {
            // A connection sends its next request only after the answer: its context holds the number in flight.
            setupRequest: (req, context) => {
              const number = n++;
              (context as { n?: number }).n = number;
              return { ...req, body: JSON.stringify(options.body(number)) };
            },
            onResponse: (status, _body, context) => options.onAnswer?.((context as { n: number }).n, status),
          },
        ],
      },
      (error: unknown, answer: autocannon.Result) => (error ? fail(error) : done(answer)),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      if (status >= 200 && status < 300) ok++;
      else failed++;
    });
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    name: options.name,
    offered: 'saturation',
    perSecond: ok / seconds,
    ok,
    failed: failed + result.errors + result.timeouts,
    ...latencySummary(latencies),
  };
}

/**
 * A fixed offered load, open loop: request i leaves at start + i/rate whatever happened to the
 * earlier ones (autocannon's overallRate releases each second's quota as one burst, which
 * measures its own queueing). Latency runs from the scheduled departure, so a stalled server
 * is not hidden by sending later (no coordinated omission).
 */
async function paced(options: LoadOptions & { rate: number }): Promise<Measured> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const url = new URL(`${options.url}${options.path}`);
  const total = Math.round(options.rate * (options.amount ? options.amount / options.rate : SECONDS));
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const answers: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((done) => setTimeout(done, wait));
    const body = JSON.stringify(options.body(i));
    answers.push(
      new Promise<void>((done) => {
        const req = request(
          { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...options.headers } },
          (res) => {
            res.resume();
            res.on('end', () => {
              latencies.push(performance.now() - due);
              const status = res.statusCode ?? 0;
              if (status >= 200 && status < 300) ok++;
              else failed++;
              options.onAnswer?.(i, status);
              done();
            });
          },
        );
        req.on('error', () => {
          failed++;
          done();
        });
        req.end(body);
      }),
    );
  }
  await Promise.all(answers);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return { name: options.name, offered: `${options.rate}/s`, perSecond: ok / seconds, ok, failed, ...latencySummary(latencies) };
}

const customerBody = (prefix: string) => (n: number) => ({
  customer: { external_id: `bench-${RUN}-${prefix}-${n}`, name: 'Bench Customer', email: 'bench@example.test', currency: 'EUR', country: 'FR' },
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${GATEWAY}${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** Polls until `check` is true, at most `timeoutMs`. */
async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

/**
 * Propagation: upserts at a modest fixed rate; a reader polls the invoicing replica back to back
 * for the customers answered but not yet seen, and records when each appears.
 */
async function propagation(): Promise<LatencySummary & { samples: number; missing: number }> {
  const db = new Client({ connectionString: INVOICING_DB });
  await db.connect();
  const answeredAt = new Map<string, number>();
  const delays: number[] = [];
  let loading = true;
  let lastAnswer = performance.now();
  const body = customerBody('prop');
  const externalId = (n: number) => body(n).customer.external_id;
  const poller = (async () => {
    while (loading || answeredAt.size > 0) {
      const pending = [...answeredAt.keys()];
      if (pending.length === 0) {
        await new Promise((done) => setTimeout(done, 1));
        continue;
      }
      const { rows } = await db.query<{ external_id: string }>('select external_id from customer_replicas where external_id = any($1)', [pending]);
      const now = performance.now();
      for (const row of rows) {
        const at = answeredAt.get(row.external_id);
        if (at === undefined) continue;
        delays.push(now - at);
        answeredAt.delete(row.external_id);
      }
      if (!loading && performance.now() - lastAnswer > 30_000) break;
    }
  })();
  await paced({
    name: 'propagation',
    url: GATEWAY,
    path: '/api/v1/customers',
    headers: auth,
    body,
    rate: PROPAGATION_RATE,
    onAnswer: (n, status) => {
      lastAnswer = performance.now();
      if (status === 200) answeredAt.set(externalId(n), lastAnswer);
    },
  });
  loading = false;
  await poller;
  const missing = answeredAt.size;
  await db.end();
  return { ...latencySummary(delays), samples: delays.length, missing };
}

/** Overdue invoices for the payment-request load: customers with 0-day terms, one-off invoices, the sweep. */
async function overdueInvoices(count: number): Promise<{ customer: string; invoice: string }[]> {
  const addOn = `bench-${RUN}`;
  const created = await api('POST', '/api/v1/add_ons', { add_on: { name: 'Bench fee', code: addOn, amount_cents: 1000, amount_currency: 'EUR' } });
  if (created.status !== 200) throw new Error(`add-on: ${created.status} ${JSON.stringify(created.body)}`);
  const customers = Array.from({ length: 20 }, (_, i) => `bench-${RUN}-payer-${i}`);
  for (const external_id of customers) {
    const res = await api('POST', '/api/v1/customers', { customer: { external_id, name: 'Payer', email: 'payer@example.test', currency: 'EUR', net_payment_term: 0 } });
    if (res.status !== 200) throw new Error(`customer: ${res.status}`);
  }
  const invoices: { customer: string; invoice: string }[] = [];
  let failed = 0;
  await load({
    name: 'invoices',
    url: GATEWAY,
    path: '/api/v1/invoices',
    headers: auth,
    amount: count,
    connections: 16,
    body: (n) => ({ invoice: { external_customer_id: customers[n % customers.length], fees: [{ add_on_code: addOn }] } }),
    onAnswer: (n, status) => {
      if (status !== 200) failed++;
      else invoices.push({ customer: customers[n % customers.length]!, invoice: '' });
    },
  });
  if (failed > 0 || invoices.length !== count) throw new Error(`${failed} of ${count} invoices failed, ${invoices.length} made`);
  // The invoice ids, once the overdue sweep has flagged them.
  const db = new Client({ connectionString: INVOICING_DB });
  await db.connect();
  try {
    let rows: { id: string; external_id: string }[] = [];
    await until('the overdue sweep (OVERDUE_SWEEP_INTERVAL_MS)', 120_000, async () => {
      ({ rows } = await db.query<{ id: string; external_id: string }>(
        `select i.id, c.external_id from invoices i join customer_replicas c on c.id = i.customer_id
         where c.external_id like $1 and i.payment_overdue`,
        [`bench-${RUN}-payer-%`],
      ));
      return rows.length >= invoices.length;
    });
    return rows.map((r) => ({ customer: r.external_id, invoice: r.id }));
  } finally {
    await db.end();
  }
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

const ms = (v: number) => v.toFixed(1);
const row = (m: Measured) => `| ${m.name} | ${m.offered} | ${Math.round(m.perSecond)} | ${ms(m.p50)} | ${ms(m.p95)} | ${ms(m.p99)} | ${m.ok} | ${m.failed} |`;

async function main(): Promise<void> {
  const health = await fetch(`${GATEWAY}/health`).catch(() => null);
  if (!health?.ok) throw new Error(`no gateway at ${GATEWAY}: start the stack with npm start`);
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB`);

  let loads = 0;
  const upsert = (name: string): LoadOptions => ({ name, url: GATEWAY, path: '/api/v1/customers', headers: auth, body: customerBody(`${name.replace(/\W+/g, '')}${loads++}`) });
  log('warm-up');
  await load({ ...upsert('warm-up'), amount: 2_000 });
  const results: Measured[] = [];
  for (const rate of RATES) {
    log(`upserts at ${rate}/s offered`);
    results.push(await paced({ ...upsert('customer upsert'), rate }));
  }
  log('upserts at saturation');
  const saturation = await load(upsert('customer upsert'));
  results.push(saturation);

  log('propagation to the invoicing replica');
  const delay = await propagation();

  log(`payment requests: making ${PAYMENT_REQUESTS} overdue invoices`);
  const invoices = await overdueInvoices(PAYMENT_REQUESTS);
  log(`payment requests at saturation over ${invoices.length} invoices`);
  results.push(
    await load({
      name: 'payment request',
      url: GATEWAY,
      path: '/api/v1/payment_requests',
      headers: auth,
      // autocannon builds one request per connection ahead that it never sends: numbers reach
      // amount + connections, and each invoice must be requested once.
      amount: invoices.length - CONNECTIONS,
      body: (n) => {
        const { customer, invoice } = invoices[n % invoices.length]!;
        return { payment_request: { email: 'payer@example.test', external_customer_id: customer, lago_invoice_ids: [invoice] } };
      },
    }),
  );

  log('direct-to-PostgreSQL baseline at saturation');
  const baseline = await startBaseline();
  let direct: Measured;
  try {
    direct = await load({ name: 'direct to PostgreSQL (baseline)', url: baseline.url, path: '/api/v1/customers', body: customerBody('baseline') });
  } finally {
    baseline.stop();
  }
  results.push(direct);

  console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB; ${CONNECTIONS} connections, ${SECONDS} s per load.\n`);
  console.log('| load | offered | answered/s | p50 ms | p95 ms | p99 ms | ok | failed |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const m of results) console.log(row(m));
  console.log(`\nPropagation to the invoicing replica at ${PROPAGATION_RATE}/s: p50 ${ms(delay.p50)} ms, p95 ${ms(delay.p95)} ms, p99 ${ms(delay.p99)} ms, max ${ms(delay.max)} ms (${delay.samples} customers, ${delay.missing} not seen).`);
  console.log(`\nRatio gateway / baseline at saturation: **${(saturation.perSecond / direct.perSecond).toFixed(2)}**.`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
