import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { expectEventually } from '@app/test-support';
import { apiKeySecrets, errorShapeProblem, leakedSecrets, paymentSecretsKey, secretsInLogs, type Secret } from './support/api-answers';
import {
  CONTENT_ENCODINGS,
  CONTENT_TYPES,
  deepAt,
  fieldPaths,
  headerText,
  leafPaths,
  malformedBodies,
  NASTY_QUERIES,
  NASTY_SEGMENTS,
  NASTY_VALUES,
  nastyValue,
  OVER_LIMIT,
  QUERY_NAMES,
  valueAt,
  withPrototypeKeys,
  withValues,
  type FuzzRequest,
} from './support/fuzz-inputs';
import { fillPath, gatewayRoutes, openApiRoutes } from './support/public-routes';
import { rawRequest, type RawExchange } from './support/raw-http';
import { snapshotDiff, StackSnapshots, type Snapshot } from './support/stack-snapshots';
import { gatewayClient, TestStack, type SeededOrganization } from './support/test-stack';

jest.setTimeout(120_000);

/** Ids of the fuzzed organization's fixtures, which path parameters name besides junk. */
interface Fixtures {
  org: SeededOrganization;
  invoice: string;
  fee: string;
  overdueInvoice: string;
  paymentRequest: string;
  payment: string;
  creditNote: string;
  endpoint: string;
  webhook: string;
  receiverUrl: string;
  /** Part of every secret the fuzz sends, so the secrets check knows them. */
  secret: string;
}

/** What the fuzz knows of a route: real values for its path parameters and, when it reads one, a valid body to break. */
interface RouteSpec {
  params?: (f: Fixtures) => Record<string, string[]>;
  body?: (f: Fixtures) => Record<string, unknown>;
}

const customer = (f: Fixtures) => ({ external_id: ['fz_cus', 'fz_due'] });
const lagoId = (pick: (f: Fixtures) => string) => (f: Fixtures) => ({ lago_id: [pick(f)] });

/** Every public route (the test below fails when the gateway has one this table lacks). */
const ROUTES: Record<string, RouteSpec> = {
  'POST /api/v1/customers': {
    body: (f) => ({
      customer: {
        external_id: 'fz_new',
        name: 'Fuzz New',
        firstname: 'Ada',
        lastname: 'Byron',
        customer_type: 'company',
        currency: 'EUR',
        email: 'new@fuzz.test',
        country: 'FR',
        net_payment_term: 30,
        timezone: 'Europe/Paris',
        tax_codes: ['fz_vat'],
        metadata: [{ key: 'k', value: 'v', display_in_invoice: true }],
        shipping_address: { address_line1: '1 rue', city: 'Paris', zipcode: '75001', country: 'FR' },
        billing_configuration: { payment_provider: 'stripe', payment_provider_code: 'fz_stripe', invoice_grace_period: 1 },
        integration_customers: [{ integration_type: 'netsuite', integration_code: 'ns', sync_with_provider: false }],
      },
    }),
  },
  'GET /api/v1/customers': {},
  'GET /api/v1/customers/:external_id': { params: customer },
  'DELETE /api/v1/customers/:external_id': { params: customer },
  'GET /api/v1/customers/:external_id/payment_requests': { params: customer },
  'GET /api/v1/customers/:external_id/payments': { params: customer },
  'POST /api/v1/taxes': { body: () => ({ tax: { name: 'Fuzz Tax', code: 'fz_tax_new', rate: 5.5, description: 'd', applied_to_organization: false } }) },
  'GET /api/v1/taxes': {},
  'GET /api/v1/taxes/:code': { params: () => ({ code: ['fz_vat'] }) },
  'PUT /api/v1/taxes/:code': { params: () => ({ code: ['fz_vat'] }), body: () => ({ tax: { name: 'Fuzz VAT', rate: '20.0', description: 'renamed' } }) },
  'DELETE /api/v1/taxes/:code': { params: () => ({ code: ['fz_vat'] }) },
  'POST /api/v1/add_ons': {
    body: () => ({ add_on: { name: 'Fuzz Add-on', code: 'fz_addon_new', amount_cents: 100, amount_currency: 'EUR', tax_codes: ['fz_vat'], description: 'd', invoice_display_name: 'x' } }),
  },
  'GET /api/v1/add_ons': {},
  'GET /api/v1/add_ons/:code': { params: () => ({ code: ['fz_addon'] }) },
  'PUT /api/v1/add_ons/:code': { params: () => ({ code: ['fz_addon'] }), body: () => ({ add_on: { name: 'Fuzz Add-on', amount_cents: '1000', tax_codes: [] } }) },
  'DELETE /api/v1/add_ons/:code': { params: () => ({ code: ['fz_addon'] }) },
  'POST /api/v1/invoices': {
    body: () => ({
      invoice: { external_customer_id: 'fz_cus', currency: 'EUR', fees: [{ add_on_code: 'fz_addon', units: 2, unit_amount_cents: 150, description: 'd', tax_codes: ['fz_vat'] }] },
    }),
  },
  'GET /api/v1/invoices': {},
  'GET /api/v1/invoices/:lago_id': { params: lagoId((f) => f.invoice) },
  'PUT /api/v1/invoices/:lago_id': { params: lagoId((f) => f.invoice), body: () => ({ invoice: { payment_status: 'pending', metadata: [{ key: 'k', value: 'v' }] } }) },
  'POST /api/v1/invoices/:lago_id/void': { params: lagoId((f) => f.invoice) },
  'POST /api/v1/invoices/:lago_id/lose_dispute': { params: lagoId((f) => f.invoice) },
  'POST /api/v1/payment_requests': {
    body: (f) => ({ payment_request: { external_customer_id: 'fz_due', email: 'pay@fuzz.test', lago_invoice_ids: [f.overdueInvoice] } }),
  },
  'GET /api/v1/payment_requests': {},
  'GET /api/v1/payment_requests/:lago_id': { params: lagoId((f) => f.paymentRequest) },
  'POST /api/v1/payments': { body: (f) => ({ payment: { invoice_id: f.invoice, amount_cents: 1, reference: 'fz', paid_at: '2026-01-01T00:00:00Z' } }) },
  'GET /api/v1/payments': {},
  'GET /api/v1/payments/:lago_id': { params: lagoId((f) => f.payment) },
  'POST /api/v1/credit_notes': {
    body: (f) => ({ credit_note: { invoice_id: f.invoice, reason: 'other', description: 'd', offset_amount_cents: 1, items: [{ fee_id: f.fee, amount_cents: 1 }] } }),
  },
  'GET /api/v1/credit_notes': {},
  'GET /api/v1/credit_notes/:lago_id': { params: lagoId((f) => f.creditNote) },
  'PUT /api/v1/credit_notes/:lago_id': { params: lagoId((f) => f.creditNote), body: () => ({ credit_note: { refund_status: 'succeeded' } }) },
  'PUT /api/v1/credit_notes/:lago_id/void': { params: lagoId((f) => f.creditNote) },
  'POST /api/v1/payment_providers': {
    body: (f) => ({
      payment_provider: {
        code: 'fz_adyen',
        name: 'Adyen',
        provider_type: 'adyen',
        api_key: `adyen_${f.secret}`,
        hmac_key: `AB${f.secret}`,
        merchant_account: 'Merchant',
        success_redirect_url: 'https://fuzz.test/ok',
      },
    }),
  },
  'GET /api/v1/payment_providers': {},
  'GET /api/v1/payment_providers/:code': { params: () => ({ code: ['fz_stripe'] }) },
  'PUT /api/v1/payment_providers/:code': {
    params: () => ({ code: ['fz_stripe'] }),
    body: (f) => ({ payment_provider: { name: 'Stripe 2', success_redirect_url: 'https://fuzz.test/done', secret_key: `sk_test_put_${f.secret}` } }),
  },
  'DELETE /api/v1/payment_providers/:code': { params: () => ({ code: ['fz_stripe'] }) },
  'POST /api/v1/webhook_endpoints': { body: (f) => ({ webhook_endpoint: { webhook_url: `${f.receiverUrl}/new`, signature_algo: 'hmac' } }) },
  'GET /api/v1/webhook_endpoints': {},
  'GET /api/v1/webhook_endpoints/:lago_id': { params: lagoId((f) => f.endpoint) },
  'PUT /api/v1/webhook_endpoints/:lago_id': {
    params: lagoId((f) => f.endpoint),
    body: (f) => ({ webhook_endpoint: { webhook_url: `${f.receiverUrl}/put`, signature_algo: 'jwt' } }),
  },
  'DELETE /api/v1/webhook_endpoints/:lago_id': { params: lagoId((f) => f.endpoint) },
  'GET /api/v1/webhooks': {},
  'GET /api/v1/webhooks/public_key': {},
  'GET /api/v1/webhooks/json_public_key': {},
  'GET /api/v1/webhooks/hmac_key': {},
  'GET /api/v1/webhooks/:lago_id': { params: lagoId((f) => f.webhook) },
  'POST /api/v1/webhooks/:lago_id/retry': { params: lagoId((f) => f.webhook) },
  'POST /webhooks/:provider/:organization_id': {
    params: (f) => ({ provider: ['stripe', 'adyen', 'gocardless'], organization_id: [f.org.id] }),
    body: () => ({ id: 'evt_fuzz', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_fuzz', object: 'payment_intent', metadata: { lago_payable_id: 'x' } } } }),
  },
  'POST /api/v3/customer': {
    body: () => ({ company: 'Fuzz Co', external_key: 'fz_co', superuser_email: 'co@fuzz.test', bill_addr1: '1 rue', bill_country: 'France', currency_id: 4, terms_id: 5, custom_1: 'c', tags: ['a'] }),
  },
  'GET /api/v3/customer': {},
  'GET /api/v3/customer/_count': {},
  'GET /api/v3/customer/:ref': { params: () => ({ ref: ['1', 'external_key:fz_cus', 'token:abc'] }) },
  'PUT /api/v3/customer/:id': { params: () => ({ id: ['1'] }), body: () => ({ company: 'Renamed Co', bill_city: 'Lyon', superuser_phone: '+33 1' }) },
  'DELETE /api/v3/customer/:id': { params: () => ({ id: ['2'] }) },
};

/** The malformed bodies every route gets in the sweep (the random requests draw from all of them). */
const SWEEP_MALFORMED = [0, 1, 12, 13, 14, 15, 19, 20];
/** Likewise for query strings. */
const SWEEP_QUERIES = ['per_page=0&page=-1', 'page[a]=1&per_page[]=2', 'a[b][c][d][e][f][g][h][i]=1', '__proto__[polluted]=1', 'search_term=%00&where=%00', 'where=customer_id:EQUALS:%00&order=%ff'];
/** The sweep runs the routes that delete last, so the others meet the fixtures alive. */
const SWEEP_ORDER = Object.keys(ROUTES).sort((a, b) => Number(a.startsWith('DELETE')) - Number(b.startsWith('DELETE')));

/** Whether a template value is a number, or a string Rails would read as one. */
const isNumeric = (value: unknown) => typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));

const methodOf = (route: string) => route.slice(0, route.indexOf(' '));
const paramNames = (route: string) => [...route.matchAll(/:([a-z_]+)/g)].map((m) => m[1]!);
/** The root key a route's body is read under (`customer`, `tax`...); a stand-in for bodies without one (ChargeOver's, none). */
const rootOf = (template: Record<string, unknown>) => {
  const keys = Object.keys(template);
  return keys.length === 1 && typeof template[keys[0]!] === 'object' ? keys[0]! : 'anything';
};
/** The template with more keys where its fields are (under its root key, or at the top). */
const withExtraKeys = (template: Record<string, unknown>, extra: Record<string, unknown>) => {
  const root = rootOf(template);
  return root in template ? { ...template, [root]: { ...(template[root] as object), ...extra } } : { ...template, ...extra };
};

/** Whether an answer is a refusal: only a 4xx. 2xx succeeded; anything else fails the test. */
const refused = (status: number) => status >= 400 && status < 500;

/**
 * A property-based fuzz of every public route of the gateway (Lago's /api/v1, ChargeOver's
 * /api/v3 and the provider webhook receivers): random and malformed bodies, wrong types for every
 * field, huge and deeply nested input, bad JSON, wrong content types, bad path ids, query strings
 * and credentials. Properties: never a 5xx; every refusal is the API's error body; a refused
 * request writes nothing in any of the five databases.
 */
describe('fuzz of every public route', () => {
  let stack: TestStack;
  let f: Fixtures;
  let other: SeededOrganization;
  let snapshots: StackSnapshots;
  let baseline: Snapshot;
  let receiver: Server;
  const secrets: Secret[] = [];
  const responses: { route: string; path: string; text: string }[] = [];
  const stats = new Map<string, { sent: number; refused: number; succeeded: number }>();
  const kinds = new Map<string, number>();
  /** Organizations named in provider-webhook paths that do not exist: their rows are watched too. */
  const GHOST_ORGS = ['4b0a6b1e-1d5a-4c9e-9a43-3d8f1f3b2c10', 'e0f5c6a2-8b7d-4e1f-a3c9-5d2b7e4f6a81'];

  beforeAll(async () => {
    receiver = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end('ok')));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    stack = await TestStack.start();
    const org = await stack.seedOrganization('Fuzz Org');
    other = await stack.seedOrganization('Fuzz Other Org');
    const secret = randomBytes(12).toString('hex');
    const api = gatewayClient(stack.gatewayUrl, org.apiKey);
    const ok = async (method: string, path: string, body?: unknown) => {
      const res = await api(method, path, body);
      if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as Record<string, any>;
    };
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const endpoint = (await ok('POST', '/api/v1/webhook_endpoints', { webhook_endpoint: { webhook_url: receiverUrl, signature_algo: 'hmac' } })).webhook_endpoint.lago_id;
    await ok('POST', '/api/v1/payment_providers', {
      payment_provider: { code: 'fz_stripe', name: 'Stripe', provider_type: 'stripe', secret_key: `sk_test_${secret}`, webhook_secret: `whsec_${secret}` },
    });
    await ok('POST', '/api/v1/taxes', { tax: { name: 'Fuzz VAT', code: 'fz_vat', rate: 20 } });
    await ok('POST', '/api/v1/add_ons', { add_on: { name: 'Fuzz', code: 'fz_addon', amount_cents: 1000, amount_currency: 'EUR' } });
    await ok('POST', '/api/v1/customers', { customer: { external_id: 'fz_cus', name: 'Fuzz Customer', currency: 'EUR', net_payment_term: 30, email: 'cus@fuzz.test' } });
    await ok('POST', '/api/v1/customers', { customer: { external_id: 'fz_due', name: 'Fuzz Due', currency: 'EUR', net_payment_term: 0, email: 'due@fuzz.test' } });
    const invoice = (await ok('POST', '/api/v1/invoices', { invoice: { external_customer_id: 'fz_cus', fees: [{ add_on_code: 'fz_addon' }] } })).invoice;
    const overdue = (await ok('POST', '/api/v1/invoices', { invoice: { external_customer_id: 'fz_due', fees: [{ add_on_code: 'fz_addon' }] } })).invoice;
    await expectEventually(async () => expect((await api('GET', `/api/v1/invoices/${overdue.lago_id}`)).body.invoice.payment_overdue).toBe(true));
    const paymentRequest = (await ok('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: 'fz_due', lago_invoice_ids: [overdue.lago_id] } })).payment_request;
    const payment = (await ok('POST', '/api/v1/payments', { payment: { invoice_id: invoice.lago_id, amount_cents: 100, reference: 'fixture' } })).payment;
    const note = (
      await ok('POST', '/api/v1/credit_notes', {
        credit_note: { invoice_id: invoice.lago_id, reason: 'other', offset_amount_cents: 100, items: [{ fee_id: invoice.fees[0].lago_id, amount_cents: 100 }] },
      })
    ).credit_note;
    const webhook = await expectEventually(async () => {
      const [first] = (await api('GET', '/api/v1/webhooks')).body.webhooks as { lago_id: string }[];
      expect(first).toBeDefined();
      return first!.lago_id;
    });
    f = {
      org,
      invoice: invoice.lago_id,
      fee: invoice.fees[0].lago_id,
      overdueInvoice: overdue.lago_id,
      paymentRequest: paymentRequest.lago_id,
      payment: payment.lago_id,
      creditNote: note.lago_id,
      endpoint,
      webhook,
      receiverUrl,
      secret,
    };
    const hmacKey = (await ok('GET', '/api/v1/webhooks/hmac_key')).webhook.hmac_key as string;
    // Both organizations' signing keys exist before the fuzz: their first read creates them, and GETs are checked to write nothing.
    expect((await gatewayClient(stack.gatewayUrl, other.apiKey)('GET', '/api/v1/webhooks/hmac_key')).status).toBe(200);
    expect((await api('GET', '/api/v1/webhooks/public_key')).status).toBe(200);
    secrets.push(
      ...apiKeySecrets('fuzzed organization', org.apiKey, org.apiKeyId),
      ...apiKeySecrets('other organization', other.apiKey, other.apiKeyId),
      { label: 'provider secret (fixture and fuzz)', value: secret },
      { label: 'webhook HMAC key', value: hmacKey },
      paymentSecretsKey(stack),
    );
    snapshots = await StackSnapshots.open(stack, [org.id, other.id, ...GHOST_ORGS]);
    baseline = await snapshots.settle(60_000);
  });

  afterAll(async () => {
    const lines = [...stats].map(([route, s]) => `${route}: ${s.sent} sent, ${s.refused} refused, ${s.succeeded} succeeded`);
    process.stdout.write(`fuzz: ${[...stats.values()].reduce((n, s) => n + s.sent, 0)} requests\n${lines.join('\n')}\nkinds: ${JSON.stringify(Object.fromEntries(kinds))}\n`);
    await snapshots?.close();
    await stack?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const describeRequest = (req: FuzzRequest, res?: RawExchange) =>
    [
      `${req.kind}: ${req.method} ${req.path.slice(0, 300)}${req.path.length > 300 ? `... (${req.path.length} chars)` : ''}`,
      `headers ${JSON.stringify(req.headers).slice(0, 400)}`,
      `body ${req.body === undefined ? '(none)' : `${String(req.body).slice(0, 1200)} (${Buffer.byteLength(req.body)} bytes)`}`,
      ...(res ? [`=> ${res.status} ${String(res.headers['content-type'])} ${res.text.slice(0, 500)}`] : []),
    ].join('\n');

  /** Sends a request and records it (statistics, the answer for the secrets check). */
  async function send(req: FuzzRequest): Promise<RawExchange> {
    const res = await rawRequest(stack.gatewayUrl, req.method, req.path, req.headers, req.body).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${describeRequest(req)}`);
    });
    const counts = stats.get(req.route) ?? { sent: 0, refused: 0, succeeded: 0 };
    stats.set(req.route, counts);
    counts.sent += 1;
    counts[refused(res.status) ? 'refused' : 'succeeded'] += 1;
    kinds.set(req.kind, (kinds.get(req.kind) ?? 0) + 1);
    responses.push({ route: req.route, path: req.path, text: res.text });
    return res;
  }

  /** What is wrong with an answer on its own: a status other than 2xx or 4xx, or a refusal without the API's error body. */
  function answerProblem(req: FuzzRequest, res: RawExchange): string | null {
    if (!refused(res.status)) return res.status >= 200 && res.status < 300 ? null : `a ${res.status}\n${describeRequest(req, res)}`;
    const shape = errorShapeProblem(res);
    if (shape) return `not the API's error body (${shape})\n${describeRequest(req, res)}`;
    if ((req.kind === 'no credentials' || req.kind === 'wrong credentials') && res.status !== 401) return `not a 401\n${describeRequest(req, res)}`;
    return null;
  }

  /**
   * One request at a time: the three properties, the refusal compared with the baseline. A success
   * becomes the baseline (after a write, once the stack is idle); a write by a refusal is reported
   * and the stack's state taken as the new baseline.
   */
  async function exercise(req: FuzzRequest): Promise<string | null> {
    const res = await send(req);
    const problem = answerProblem(req, res);
    if (!refused(res.status)) {
      baseline = req.method === 'GET' ? await snapshots.take() : await snapshots.settle();
      return problem;
    }
    const diff = snapshotDiff(baseline, await snapshots.take());
    if (diff.length === 0) return problem;
    baseline = await snapshots.settle();
    return `a refused request wrote:\n${diff.join('\n')}\n${describeRequest(req, res)}`;
  }

  /**
   * Requests sent twelve at a time, every problem collected. A batch whose writes were all refused
   * (a GET may succeed: it writes nothing) is compared with the baseline once; a batch with a
   * successful write waits for the stack to be idle, then its refusals are sent again together (one
   * comparison), and one at a time when that is not conclusive.
   */
  async function exerciseAll(requests: FuzzRequest[]): Promise<string[]> {
    const problems: string[] = [];
    for (let i = 0; i < requests.length; i += 12) {
      const batch = requests.slice(i, i + 12);
      const answers = await Promise.all(batch.map(send));
      batch.forEach((req, j) => {
        const problem = answerProblem(req, answers[j]!);
        if (problem) problems.push(problem);
      });
      const refusals = batch.filter((_, j) => refused(answers[j]!.status));
      if (batch.every((req, j) => refused(answers[j]!.status) || req.method === 'GET')) {
        const diff = snapshotDiff(baseline, await snapshots.take());
        if (diff.length === 0) continue;
        problems.push(`a batch wrote:\n${diff.join('\n')}\n(each of its refusals is sent again alone below)`);
      }
      baseline = await snapshots.settle();
      // Sent again together: one comparison when all are refused again, else one at a time.
      const again = await Promise.all(refusals.map(send));
      if (again.every((res) => refused(res.status)) && snapshotDiff(baseline, await snapshots.take()).length === 0) continue;
      // A refusal of the first round may succeed now (a retry refused while another was in flight).
      baseline = await snapshots.settle();
      for (const req of refusals) {
        const problem = await exercise(req);
        if (problem?.startsWith('a refused request wrote')) problems.push(problem);
      }
    }
    return problems;
  }

  /** Credentials that work for the route's API (Lago's Bearer, ChargeOver's Basic, nothing for provider webhooks). */
  const goodAuth = (route: string, org: SeededOrganization = f.org): Record<string, string> =>
    route.includes(' /api/v3/')
      ? { authorization: `Basic ${Buffer.from(`${org.apiKeyId}:${org.apiKey}`).toString('base64')}` }
      : route.includes(' /api/v1/')
        ? { authorization: `Bearer ${org.apiKey}` }
        : {};

  /** A path of the route with real fixture values. */
  const realPath = (route: string) => fillPath(route, Object.fromEntries(paramNames(route).map((name) => [name, ROUTES[route]!.params!(f)[name]![0]!])));

  const request = (route: string, kind: string, body?: string | Buffer, extra: Partial<FuzzRequest> = {}): FuzzRequest => ({
    route,
    kind,
    method: methodOf(route),
    path: realPath(route),
    headers: { ...goodAuth(route), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body,
    ...extra,
  });

  /** Every input class of the brief, for one route: each route sees each of them at least once. */
  function sweep(route: string): FuzzRequest[] {
    const spec = ROUTES[route]!;
    const template = spec.body?.(f) ?? { anything: { a: 1 } };
    const root = rootOf(template);
    const text = JSON.stringify(template);
    const leaves = leafPaths(template);
    const wrongAuth = route.includes(' /api/v3/')
      ? [`Basic ${Buffer.from(`${f.org.apiKeyId}:wrong_${f.secret}`).toString('base64')}`, `Bearer ${f.org.apiKey}`]
      : [`Bearer wrong_${f.secret}`, `Basic ${Buffer.from(`${f.org.apiKeyId}:${f.org.apiKey}`).toString('base64')}`, `Bearer ${'k'.repeat(300)}`];
    const cases: FuzzRequest[] = [
      ...(route.includes(' /webhooks/') ? [] : [request(route, 'no credentials', text, { headers: { 'content-type': 'application/json' } })]),
      ...(route.includes(' /webhooks/') ? [] : wrongAuth.map((authorization) => request(route, 'wrong credentials', text, { headers: { authorization, 'content-type': 'application/json' } }))),
      ...SWEEP_MALFORMED.map((i) => request(route, 'malformed or wrong-rooted body', malformedBodies(template, root)[i]!)),
      request(route, 'empty body', ''),
      request(route, 'over the body limit', JSON.stringify(withValues(template, [[leaves[0] ?? [root], 'x'.repeat(OVER_LIMIT)]]))),
      request(route, 'deep nesting', deepAt(template, [], 5000, 'array')),
      request(route, 'deep nesting', deepAt(template, [], 5000, 'object')),
      request(route, 'deep nesting', deepAt(template, fieldPaths(template)[0]!, 3000, 'object')),
      request(route, 'deep nesting', deepAt(template, leaves[leaves.length - 1]!, 101, 'array')),
      request(route, 'unknown fields', JSON.stringify({ ...withExtraKeys(template, { zz_unknown: [1, { b: null }] }), unknown_root: { a: 1 } })),
      request(route, 'prototype keys', withPrototypeKeys(template)),
      ...[leaves[0], leaves[leaves.length - 1]]
        .filter((path) => path !== undefined)
        .map((path) => request(route, 'prototype keys', JSON.stringify(withValues(template, [[path!, { constructor: { prototype: { polluted: true } }, toString: 'x' }]])))),
      request(route, 'wrong content type', text, { headers: { ...goodAuth(route), 'content-type': 'text/plain' } }),
      request(route, 'wrong content type', 'customer[external_id]=x', { headers: { ...goodAuth(route), 'content-type': 'application/x-www-form-urlencoded' } }),
      request(route, 'wrong content type', text, { headers: { ...goodAuth(route), 'content-type': 'application/json; charset=utf-16' } }),
      request(route, 'wrong content encoding', text, { headers: { ...goodAuth(route), 'content-type': 'application/json', 'content-encoding': 'gzip' } }),
      request(route, 'bad Idempotency-Key', text, { headers: { ...goodAuth(route), 'content-type': 'application/json', 'idempotency-key': 'k'.repeat(256) } }),
      request(route, 'wrong method', text, { method: 'PATCH' }),
      // Wrong types for every field: each field in turn, then all fields at once with each kind of value.
      ...leaves.map((path, i) => request(route, 'wrong type', JSON.stringify(withValues(template, [[path, NASTY_VALUES[(i * 7) % NASTY_VALUES.length]]])))),
      // Numbers past what the columns hold, one numeric field at a time (another field's 422 would hide an overflow).
      ...leaves
        .filter((path) => isNumeric(valueAt(template, path)))
        .flatMap((path) => [1e308, -1e308, 2_147_483_648, 9.5e15].map((value) => request(route, 'number out of range', JSON.stringify(withValues(template, [[path, value]]))))),
      ...[{}, [], 42, true, null, 'x'.repeat(100_000), '\u0000', 1e308, -1e308, 2_147_483_648, 9.5e15].map((value) =>
        request(route, 'wrong type', JSON.stringify(withValues(template, leaves.map((path) => [path, value] as [typeof path, unknown])))),
      ),
      ...paramNames(route).flatMap((name) =>
        ['%00', '%ff', 'x'.repeat(2000), '00000000-0000-0000-0000-000000000000', '__proto__'].map((segment) => {
          const values = Object.fromEntries(paramNames(route).map((p) => [p, p === name ? segment : encodeURIComponent(ROUTES[route]!.params!(f)[p]![0]!)]));
          return request(route, 'bad path id', methodOf(route) === 'GET' ? undefined : text, { path: fillPath(route, values, true) });
        }),
      ),
      ...(methodOf(route) === 'GET' ? SWEEP_QUERIES : SWEEP_QUERIES.slice(0, 1)).map((query) => request(route, 'bad query', undefined, { path: `${realPath(route)}?${query}` })),
    ];
    return cases;
  }

  /** A random request for a random route: each part picked from well-formed, malformed and hostile choices. */
  const anyRequest: fc.Arbitrary<FuzzRequest> = fc.constantFrom(...Object.keys(ROUTES)).chain((route) => {
    const spec = ROUTES[route]!;
    const template = spec.body?.(f) ?? { anything: { a: 1 } };
    const root = rootOf(template);
    const paths = fieldPaths(template);
    const body: fc.Arbitrary<[string, string | Buffer | undefined]> = fc.oneof(
      { weight: 1, arbitrary: fc.constant<[string, string]>(['valid body', JSON.stringify(template)]) },
      {
        weight: 6,
        arbitrary: fc
          .array(fc.tuple(fc.constantFrom(...(paths.length ? paths : [[root]])), nastyValue), { minLength: 1, maxLength: 4 })
          .map((changes): [string, string] => ['wrong types', JSON.stringify(withValues(template, changes))]),
      },
      {
        weight: 1,
        arbitrary: fc
          .dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString')), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 4 })
          .map((extra): [string, string] => ['unknown fields', JSON.stringify(withExtraKeys(template, extra))]),
      },
      { weight: 2, arbitrary: fc.constantFrom(...malformedBodies(template, root)).map((b): [string, string | Buffer] => ['malformed body', b]) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...[[], ...paths]), fc.constantFrom(100, 101, 1000, 5000), fc.constantFrom<'array' | 'object'>('array', 'object'))
          .map(([path, levels, shape]): [string, string] => [`deep nesting ${levels}`, deepAt(template, path, levels, shape)]),
      },
      { weight: 1, arbitrary: fc.constant<[string, string]>(['over the body limit', JSON.stringify({ [root]: { x: 'x'.repeat(OVER_LIMIT) } })]) },
      { weight: 1, arbitrary: fc.constantFrom<[string, string | undefined]>(['empty body', ''], ['no body', undefined]) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v): [string, string] => ['random JSON', JSON.stringify(v) ?? 'null']) },
    );
    const segment = (name: string) =>
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...spec.params!(f)[name]!).map(encodeURIComponent) },
        { weight: 3, arbitrary: fc.constantFrom(...NASTY_SEGMENTS) },
        { weight: 1, arbitrary: fc.uuid().map((u) => u) },
        { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30, unit: 'binary' }).map(encodeURIComponent) },
      );
    const path = fc.tuple(...paramNames(route).map((name) => segment(name).map((v) => [name, v] as const))).map((values) => fillPath(route, Object.fromEntries(values), true));
    const query = fc.oneof(
      { weight: 3, arbitrary: fc.constant('') },
      { weight: 2, arbitrary: fc.constantFrom(...NASTY_QUERIES) },
      {
        weight: 2,
        arbitrary: fc
          .array(
            fc.tuple(
              fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.string({ minLength: 1, maxLength: 10 }).map(encodeURIComponent)),
              fc.constantFrom('', '[]', '[a]', '[__proto__]', '[a][b][c][d][e][f][g]'),
              fc.oneof(fc.constantFrom('', '0', '-1', '1', '100', '101', 'true', '%00', '%ff', '2026-01-01', 'customer_id:EQUALS:1'), fc.string({ maxLength: 20 }).map(encodeURIComponent)),
            ),
            { minLength: 1, maxLength: 5 },
          )
          .map((pairs) => pairs.map(([k, form, v]) => `${k}${form}=${v}`).join('&')),
      },
    );
    const wrongKey = headerText(40).map((k) => `wrong_${f.secret}_${k}`);
    const auth = route.includes(' /webhooks/')
      ? fc.oneof(
          { weight: 3, arbitrary: fc.constant({}) },
          { weight: 1, arbitrary: headerText(80).map((s) => ({ 'stripe-signature': `t=1700000000,v1=${s}` })) },
          { weight: 1, arbitrary: headerText(80).map((s) => ({ 'webhook-signature': s })) },
        )
      : fc.oneof(
          { weight: 12, arbitrary: fc.constant(goodAuth(route)) },
          { weight: 1, arbitrary: fc.constant(goodAuth(route, other)) },
          { weight: 1, arbitrary: fc.constant({}) },
          { weight: 1, arbitrary: wrongKey.map((k) => ({ authorization: `Bearer ${k}` })) },
          { weight: 1, arbitrary: wrongKey.map((k) => ({ authorization: `Basic ${Buffer.from(`${f.org.apiKeyId}:${k}`).toString('base64')}` })) },
          { weight: 1, arbitrary: headerText(60).map((s) => ({ authorization: s })) },
        );
    const headers = fc.record({
      auth,
      contentType: fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) }),
      encoding: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...CONTENT_ENCODINGS) }),
      idempotency: fc.oneof({ weight: 10, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('', 'k'.repeat(256)) }, { weight: 1, arbitrary: fc.uuid() }),
    });
    const method = fc.oneof({ weight: 12, arbitrary: fc.constant(methodOf(route)) }, { weight: 1, arbitrary: fc.constantFrom('PATCH', 'OPTIONS', 'PUT', 'POST', 'GET', 'DELETE') });
    return fc.record({ body, path, query, headers, method }).map(({ body: [kind, text], path: p, query: q, headers: h, method: m }) => ({
      route,
      kind,
      method: m,
      path: q ? `${p}?${q}` : p,
      headers: {
        ...h.auth,
        ...(text !== undefined && h.contentType !== undefined ? { 'content-type': h.contentType } : {}),
        ...(h.encoding !== undefined ? { 'content-encoding': h.encoding } : {}),
        ...(h.idempotency !== undefined ? { 'idempotency-key': h.idempotency } : {}),
      },
      body: text,
    }));
  });

  it('covers every route the gateway serves, and every route its OpenAPI document lists', async () => {
    const served = gatewayRoutes();
    expect(Object.keys(ROUTES).sort()).toEqual(served);
    const document = (await rawRequest(stack.gatewayUrl, 'GET', '/api/docs-json')).json as { paths: Record<string, Record<string, unknown>> };
    expect(served).toEqual(expect.arrayContaining(openApiRoutes(document)));
  });

  it.each(SWEEP_ORDER)('%s: every input class is refused with the API error body, no 5xx, nothing written', async (route) => {
    expect(await exerciseAll(sweep(route))).toEqual([]);
    expect(stats.get(route)!.refused).toBeGreaterThanOrEqual(10);
  });

  it('random requests to random routes: never a 5xx, always the error body, a refusal writes nothing', async () => {
    const before = [...stats.values()].reduce((n, s) => n + s.refused, 0);
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    await fc.assert(
      fc.asyncProperty(anyRequest, async (req) => {
        const problem = await exercise(req);
        if (problem) throw new Error(problem);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed, endOnFailure: true },
    );
    const random = [...stats.values()].reduce((n, s) => n + s.refused, 0) - before;
    // Most random requests are refusals: the no-write property was checked on them, not only on successes.
    expect(random).toBeGreaterThan(Number(process.env.FUZZ_RUNS ?? 300) / 2);
    // Nothing a refusal wrote shows up late: the idle stack is where the last check left it.
    expect(snapshotDiff(baseline, await snapshots.settle())).toEqual([]);
  });

  // Node's parser refuses a request line or headers past its 16 KB limit before Express sees them;
  // apps/gateway/src/http/parser-errors.ts answers them in the API's shape.
  it('a request line or headers over the HTTP parser limit are refused with the API error body', async () => {
    const requests: FuzzRequest[] = [`/api/v1/customers/${'x'.repeat(20_000)}`, `/api/v1/customers?search_term=${'x'.repeat(20_000)}`, `/api/v3/customer/${'1'.repeat(20_000)}`].map((path) => {
      const route = path.startsWith('/api/v3') ? 'GET /api/v3/customer/:ref' : 'GET /api/v1/customers/:external_id';
      return { route, kind: 'oversized request line', method: 'GET', path, headers: goodAuth(route) };
    });
    requests.push({ route: 'GET /api/v1/customers', kind: 'oversized header', method: 'GET', path: '/api/v1/customers', headers: { ...goodAuth('GET /api/v1/customers'), 'x-padding': 'p'.repeat(20_000) } });
    expect(await exerciseAll(requests)).toEqual([]);
  });

  it('no secret is in any app log or in any answer but the HMAC key route', async () => {
    const all = [
      ...secrets,
      { label: 'a wrong key sent', value: `wrong_${f.secret}` },
      { label: 'a wrong Basic header sent', value: Buffer.from(`${f.org.apiKeyId}:wrong_${f.secret}`).toString('base64') },
    ];
    expect(secretsInLogs(stack, all)).toEqual([]);
    const leaks = responses.flatMap(({ route, path, text }) =>
      leakedSecrets(text, all)
        .filter((label) => !(label === 'webhook HMAC key' && route === 'GET /api/v1/webhooks/hmac_key'))
        .map((label) => `${route} (${path.slice(0, 80)}): ${label}`),
    );
    expect(leaks).toEqual([]);
  });
});
