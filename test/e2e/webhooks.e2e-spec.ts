import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectEventually } from '@app/test-support';
import { verifyJwt } from '../../apps/webhooks/src/delivery/signature';
import { gatewayClient, TestStack, type SeededOrganization } from './support/test-stack';

jest.setTimeout(120_000);

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  json: Record<string, any>;
}

/** An HTTP receiver on 127.0.0.1 that records every webhook; `respond` decides each answer (undefined: never answer). */
async function receiver(respond: (n: number) => number | undefined = () => 200) {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  let calls = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      calls += 1;
      const status = respond(calls);
      if (status === undefined) {
        hanging.push(res);
        return;
      }
      if (status >= 200 && status < 300) received.push({ headers: req.headers, body, json: JSON.parse(body) });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return {
    url,
    received,
    calls: () => calls,
    of: (type: string) => received.filter((r) => r.json.webhook_type === type),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Lago's webhooks end to end: endpoints, every webhook type signed as Lago signs, retries, isolation, the delivery log and the email. */
describe('webhooks and email, end to end', () => {
  let stack: TestStack;
  let org: SeededOrganization;
  let api: ReturnType<typeof gatewayClient>;
  let jwtReceiver: Awaited<ReturnType<typeof receiver>>;
  let hmacReceiver: Awaited<ReturnType<typeof receiver>>;
  let publicKeyPem: string;
  let hmacKey: string;
  const STRIPE_WEBHOOK_SECRET = `whsec_${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    stack = await TestStack.start();
    org = await stack.seedOrganization('Webhook Org');
    api = gatewayClient(stack.gatewayUrl, org.apiKey);
    jwtReceiver = await receiver();
    hmacReceiver = await receiver();
  });

  afterAll(async () => {
    await jwtReceiver?.close();
    await hmacReceiver?.close();
    await stack?.stop();
  });

  /** Checks the Lago headers and signature of a received webhook. */
  const expectSigned = (r: Received, algo: 'jwt' | 'hmac') => {
    expect(r.headers['x-lago-signature-algorithm']).toBe(algo);
    expect(r.headers['x-lago-unique-key']).toMatch(/^[0-9a-f-]{36}$/);
    const signature = String(r.headers['x-lago-signature']);
    if (algo === 'jwt') {
      expect(verifyJwt(signature, publicKeyPem)).toEqual({ data: r.body, iss: 'http://lago.test' });
    } else {
      expect(signature).toBe(createHmac('sha256', hmacKey).update(r.body).digest('base64'));
    }
  };

  it('manages webhook endpoints as Lago does', async () => {
    const created = await api('POST', '/api/v1/webhook_endpoints', { webhook_endpoint: { webhook_url: jwtReceiver.url } });
    expect(created.status).toBe(200);
    expect(created.body.webhook_endpoint).toEqual({
      lago_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      lago_organization_id: org.id,
      webhook_url: jwtReceiver.url,
      signature_algo: 'jwt',
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
    const hmac = await api('POST', '/api/v1/webhook_endpoints', { webhook_endpoint: { webhook_url: `${hmacReceiver.url}?v=1`, signature_algo: 'jwt' } });
    const id = hmac.body.webhook_endpoint.lago_id;
    const updated = await api('PUT', `/api/v1/webhook_endpoints/${id}`, { webhook_endpoint: { webhook_url: hmacReceiver.url, signature_algo: 'hmac' } });
    expect(updated.body.webhook_endpoint).toMatchObject({ lago_id: id, webhook_url: hmacReceiver.url, signature_algo: 'hmac' });
    expect((await api('GET', `/api/v1/webhook_endpoints/${id}`)).body.webhook_endpoint.signature_algo).toBe('hmac');
    const list = await api('GET', '/api/v1/webhook_endpoints');
    expect(list.body.webhook_endpoints.map((e: any) => e.webhook_url)).toEqual([jwtReceiver.url, hmacReceiver.url]);
    expect(list.body.meta).toMatchObject({ current_page: 1, total_count: 2 });

    const invalid = (error_details: unknown) => ({ status: 422, body: { status: 422, error: 'Unprocessable Entity', code: 'validation_errors', error_details } });
    expect(await api('POST', '/api/v1/webhook_endpoints', { webhook_endpoint: { signature_algo: 'jwt' } })).toEqual(invalid({ webhook_url: ['value_is_mandatory'] }));
    expect(await api('POST', '/api/v1/webhook_endpoints', { webhook_endpoint: { webhook_url: 'not a url' } })).toEqual(invalid({ webhook_url: ['url_invalid'] }));
    expect(await api('POST', '/api/v1/webhook_endpoints', { webhook_endpoint: { webhook_url: 'ftp://x.test/h' } })).toEqual(invalid({ webhook_url: ['url_invalid'] }));
    expect(await api('POST', '/api/v1/webhook_endpoints', { webhook_endpoint: { webhook_url: jwtReceiver.url } })).toEqual(invalid({ webhook_url: ['value_already_exist'] }));
    expect(await api('POST', '/api/v1/webhook_endpoints', { webhook_endpoint: { webhook_url: 'https://x.test/h', signature_algo: 'md5' } })).toEqual(invalid({ signature_algo: ['value_is_invalid'] }));
    expect((await api('POST', '/api/v1/webhook_endpoints', {})).status).toBe(400);
    const missing = { status: 404, body: { status: 404, error: 'Not Found', code: 'webhook_endpoint_not_found' } };
    expect(await api('GET', '/api/v1/webhook_endpoints/00000000-0000-4000-8000-000000000000')).toEqual(missing);
    expect(await api('DELETE', '/api/v1/webhook_endpoints/nope')).toEqual(missing);

    // Another organization sees none of them.
    const other = gatewayClient(stack.gatewayUrl, (await stack.seedOrganization()).apiKey);
    expect((await other('GET', `/api/v1/webhook_endpoints/${id}`)).status).toBe(404);
    expect((await other('PUT', `/api/v1/webhook_endpoints/${id}`, { webhook_endpoint: { signature_algo: 'jwt' } })).status).toBe(404);
    expect((await other('GET', '/api/v1/webhook_endpoints')).body.webhook_endpoints).toEqual([]);

    // The keys receivers verify with.
    const plain = await fetch(`${stack.gatewayUrl}/api/v1/webhooks/public_key`, { headers: { authorization: `Bearer ${org.apiKey}` } });
    publicKeyPem = Buffer.from(await plain.text(), 'base64').toString('utf8');
    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(Buffer.from((await api('GET', '/api/v1/webhooks/json_public_key')).body.webhook.public_key, 'base64').toString('utf8')).toBe(publicKeyPem);
    hmacKey = (await api('GET', '/api/v1/webhooks/hmac_key')).body.webhook.hmac_key;
    expect(hmacKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('delivers each webhook type once per event to every endpoint, signed with JWT or HMAC', async () => {
    expect((await api('POST', '/api/v1/add_ons', { add_on: { name: 'Plan', code: 'plan', amount_cents: 2500, amount_currency: 'EUR' } })).status).toBe(200);
    const customer = { external_id: 'w-cus', name: 'Hooked', currency: 'EUR', net_payment_term: 0, email: 'pay@hooked.test' };
    expect((await api('POST', '/api/v1/customers', { customer })).status).toBe(200);
    expect((await api('POST', '/api/v1/customers', { customer: { ...customer, name: 'Hooked Ltd' } })).status).toBe(200);
    const invoice = await api('POST', '/api/v1/invoices', { invoice: { external_customer_id: 'w-cus', fees: [{ add_on_code: 'plan' }] } });
    const invoiceId = invoice.body.invoice.lago_id as string;
    await expectEventually(async () => expect((await api('GET', `/api/v1/invoices/${invoiceId}`)).body.invoice.payment_overdue).toBe(true));
    const request = await api('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: 'w-cus', lago_invoice_ids: [invoiceId] } });
    expect(request.status).toBe(200);
    expect((await api('PUT', `/api/v1/invoices/${invoiceId}`, { invoice: { payment_status: 'succeeded' } })).status).toBe(200);

    const expected = ['customer.created', 'customer.updated', 'invoice.one_off_created', 'invoice.payment_overdue', 'payment_request.created', 'invoice.payment_status_updated'];
    for (const [target, algo] of [
      [jwtReceiver, 'jwt'],
      [hmacReceiver, 'hmac'],
    ] as const) {
      await expectEventually(() => expect(expected.every((type) => target.of(type).length > 0)).toBe(true), { timeoutMs: 30_000 });
      for (const type of expected) {
        const [one, ...more] = target.of(type);
        expect({ type, more: more.length }).toEqual({ type, more: 0 });
        expect(one!.json).toMatchObject({ webhook_type: type, organization_id: org.id });
        expectSigned(one!, algo);
      }
      expect(target.of('customer.created')[0]!.json).toMatchObject({ object_type: 'customer', customer: { external_id: 'w-cus', name: 'Hooked' } });
      expect(target.of('customer.updated')[0]!.json.customer.name).toBe('Hooked Ltd');
      expect(target.of('invoice.one_off_created')[0]!.json).toMatchObject({ object_type: 'invoice', invoice: { lago_id: invoiceId } });
      expect(target.of('payment_request.created')[0]!.json).toMatchObject({
        object_type: 'payment_request',
        payment_request: { lago_id: request.body.payment_request.lago_id, customer: { external_id: 'w-cus' } },
      });
      expect(target.of('invoice.payment_status_updated')[0]!.json.invoice).toMatchObject({ lago_id: invoiceId, payment_status: 'succeeded' });
      // Each delivery has its own unique key.
      expect(new Set(target.received.map((r) => r.headers['x-lago-unique-key'])).size).toBe(target.received.length);
    }

    // The delivery log shows them, succeeded at the first attempt.
    const log = await api('GET', '/api/v1/webhooks?webhook_type=customer.created');
    expect(log.body.webhooks).toHaveLength(2);
    expect(log.body.webhooks[0]).toMatchObject({ webhook_type: 'customer.created', status: 'succeeded', retries: 0, http_status: 200 });
  });

  it('sends the payment-requested email when there is no provider, and again when a charge fails', async () => {
    // w-cus has no payment provider: its request (previous test) asked the customer by email.
    const asked = await stack.mail.waitFor((m) => m.to.includes('pay@hooked.test'), 30_000);
    expect(asked.subject).toBe('Your overdue balance from Webhook Org');
    const [invoice] = (await api('GET', '/api/v1/invoices?external_customer_id=w-cus')).body.invoices;
    expect(asked.text).toContain(invoice.number);
    expect(asked.html).toContain(invoice.number);

    // With Stripe, nothing is mailed until the charge fails; then the customer is asked again.
    expect(
      (await api('POST', '/api/v1/payment_providers', { payment_provider: { code: 'stripe_w', name: 'Stripe', provider_type: 'stripe', secret_key: 'sk_test_w', webhook_secret: STRIPE_WEBHOOK_SECRET } })).status,
    ).toBe(200);
    const customer = {
      external_id: 'w-declined',
      name: 'Declined',
      currency: 'EUR',
      net_payment_term: 0,
      email: 'declined@hooked.test',
      billing_configuration: { payment_provider: 'stripe', payment_provider_code: 'stripe_w', sync_with_provider: true },
    };
    expect((await api('POST', '/api/v1/customers', { customer })).status).toBe(200);
    const providerId = await expectEventually(async () => {
      const id = (await api('GET', '/api/v1/customers/w-declined')).body.customer.billing_configuration.provider_customer_id;
      expect(id).toMatch(/^cus_/);
      return id as string;
    });
    stack.stubs.setScenario('stripe', providerId, 'declined');
    const invoice2 = await api('POST', '/api/v1/invoices', { invoice: { external_customer_id: 'w-declined', fees: [{ add_on_code: 'plan' }] } });
    const invoiceId = invoice2.body.invoice.lago_id as string;
    await expectEventually(async () => expect((await api('GET', `/api/v1/invoices/${invoiceId}`)).body.invoice.payment_overdue).toBe(true));
    const request = await api('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: 'w-declined', lago_invoice_ids: [invoiceId] } });
    expect(request.status).toBe(200);
    const retold = await stack.mail.waitFor((m) => m.to.includes('declined@hooked.test'), 30_000);
    expect(retold.text).toContain(invoice2.body.invoice.number);
    // The failure reached the receivers too, and the provider-customer webhooks before it.
    await expectEventually(() => expect(jwtReceiver.of('payment_request.payment_failure')).toHaveLength(1), { timeoutMs: 30_000 });
    expect(jwtReceiver.of('payment_request.payment_failure')[0]!.json).toMatchObject({
      object_type: 'payment_provider_payment_request_payment_error',
      payment_provider_payment_request_payment_error: { lago_payment_request_id: request.body.payment_request.lago_id, provider_error: { error_code: 'card_declined' } },
    });
    expect(jwtReceiver.of('customer.payment_provider_created').map((r) => r.json.customer.external_id)).toEqual(['w-declined']);
    expect(jwtReceiver.of('customer.checkout_url_generated')).toHaveLength(1);
    // Storing the provider's id changed the customer, but Lago sends no customer.updated for that.
    expect(jwtReceiver.of('customer.created').filter((r) => r.json.customer.external_id === 'w-declined')).toHaveLength(1);
    expect(jwtReceiver.of('customer.updated').filter((r) => r.json.customer.external_id === 'w-declined')).toEqual([]);
    expect(stack.mail.messages.filter((m) => m.to.includes('declined@hooked.test'))).toHaveLength(1);
  });

  it('retries a receiver that fails twice, and a manual resend delivers again', async () => {
    const flaky = await receiver((n) => (n <= 2 ? 500 : 200));
    const own = await stack.seedOrganization();
    const client = gatewayClient(stack.gatewayUrl, own.apiKey);
    try {
      expect((await client('POST', '/api/v1/webhook_endpoints', { webhook_endpoint: { webhook_url: flaky.url } })).status).toBe(200);
      expect((await client('POST', '/api/v1/customers', { customer: { external_id: 'flaky-1', name: 'Flaky' } })).status).toBe(200);
      await expectEventually(() => expect(flaky.of('customer.created')).toHaveLength(1), { timeoutMs: 30_000 });
      expect(flaky.calls()).toBe(3);
      // The receiver has answered the third call; the delivery's outcome is recorded just after.
      const webhook = await expectEventually(async () => {
        const { webhooks } = (await client('GET', '/api/v1/webhooks?status=succeeded')).body;
        expect(webhooks).toHaveLength(1);
        return webhooks[0];
      });
      const detail = await client('GET', `/api/v1/webhooks/${webhook.lago_id}`);
      expect(detail.body.webhook).toMatchObject({ status: 'succeeded', retries: 2, http_status: 200 });
      expect(detail.body.webhook.attempts.map((a: any) => a.http_status)).toEqual([500, 500, 200]);
      expect(flaky.received[0]!.headers['x-lago-unique-key']).toBe(webhook.lago_id);

      const resent = await client('POST', `/api/v1/webhooks/${webhook.lago_id}/retry`);
      expect(resent.status).toBe(200);
      await expectEventually(() => expect(flaky.of('customer.created')).toHaveLength(2));
      expect(flaky.received[1]!.body).toBe(flaky.received[0]!.body);
      expect(flaky.received[1]!.headers['x-lago-unique-key']).toBe(webhook.lago_id);
      expect((await client('POST', `/api/v1/webhooks/${webhook.lago_id}/retry`)).status).toBe(200);
      expect((await api('POST', `/api/v1/webhooks/${webhook.lago_id}/retry`)).status).toBe(404);
    } finally {
      await flaky.close();
    }
  });

  it('gives up after the last attempt, and a receiver that never answers does not hold up another organization', async () => {
    const dead = await receiver(() => undefined);
    const slowOrg = await stack.seedOrganization();
    const slow = gatewayClient(stack.gatewayUrl, slowOrg.apiKey);
    const fastReceiver = await receiver();
    const fastOrg = await stack.seedOrganization();
    const fast = gatewayClient(stack.gatewayUrl, fastOrg.apiKey);
    try {
      expect((await slow('POST', '/api/v1/webhook_endpoints', { webhook_endpoint: { webhook_url: dead.url } })).status).toBe(200);
      expect((await fast('POST', '/api/v1/webhook_endpoints', { webhook_endpoint: { webhook_url: fastReceiver.url } })).status).toBe(200);
      // One endpoint has one webhook in flight at a time: six webhooks for a receiver that never answers take six timeouts a round.
      for (let i = 0; i < 6; i++) expect((await slow('POST', '/api/v1/customers', { customer: { external_id: `slow-${i}` } })).status).toBe(200);
      await expectEventually(() => expect(dead.calls()).toBeGreaterThan(0));
      expect((await fast('POST', '/api/v1/customers', { customer: { external_id: 'fast-1' } })).status).toBe(200);
      await expectEventually(() => expect(fastReceiver.of('customer.created')).toHaveLength(1), { timeoutMs: 30_000 });
      // The other organization's queue is still waiting on its dead receiver.
      const waiting = (await slow('GET', '/api/v1/webhooks?per_page=100')).body.webhooks.filter((w: any) => w.status === 'pending' || w.status === 'retrying');
      expect(waiting.length).toBeGreaterThanOrEqual(4);

      // The dead receiver's first webhook ends failed after three attempts.
      await expectEventually(
        async () => {
          const failed = (await slow('GET', '/api/v1/webhooks?status=failed')).body.webhooks;
          expect(failed.length).toBeGreaterThan(0);
          const detail = (await slow('GET', `/api/v1/webhooks/${failed[0].lago_id}`)).body.webhook;
          expect(detail.attempts.map((a: any) => a.error)).toEqual([expect.stringMatching(/timeout/), expect.stringMatching(/timeout/), expect.stringMatching(/timeout/)]);
        },
        { timeoutMs: 90_000 },
      );
    } finally {
      await dead.close();
      await fastReceiver.close();
    }
  }, 150_000);
});
