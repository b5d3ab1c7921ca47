import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { TOPICS } from '@app/contracts';
import { kafkaClientConfig, parseBrokers } from '@app/messaging';
import { expectEventually, query } from '@app/test-support';
import { gatewayClient, TestStack, type SeededOrganization } from './support/test-stack';

jest.setTimeout(240_000);

/**
 * Payment-provider sync through the gateway against the local Stripe, Adyen and GoCardless
 * stand-ins, driven by the official SDKs inside payment-sync (spec/payment-providers.md): customers
 * created at the provider, payment requests charged once, provider webhooks verified and applied
 * once, and outages retried until the flow completes.
 */
describe('payment-provider sync, end to end', () => {
  let stack: TestStack;
  let org: SeededOrganization;
  let api: ReturnType<typeof gatewayClient>;
  const STRIPE_WEBHOOK_SECRET = `whsec_${randomBytes(12).toString('hex')}`;
  const ADYEN_HMAC_KEY = randomBytes(32).toString('hex').toUpperCase();
  const GOCARDLESS_WEBHOOK_SECRET = randomBytes(20).toString('hex');

  const paymentsDb = <T extends Record<string, any> = Record<string, any>>(sql: string, params: unknown[] = []) => query<T>(stack.databases['payment-sync'].url, sql, params);
  const invoicingDb = <T extends Record<string, any> = Record<string, any>>(sql: string, params: unknown[] = []) => query<T>(stack.databases.invoicing.url, sql, params);
  const webhookUrl = (provider: string, code: string) => `${stack.gatewayUrl}/webhooks/${provider}/${org.id}?code=${code}`;

  beforeAll(async () => {
    stack = await TestStack.start();
    org = await stack.seedOrganization('Provider Sync Org');
    api = gatewayClient(stack.gatewayUrl, org.apiKey);
    for (const provider of [
      { code: 'stripe_e2e', name: 'Stripe', provider_type: 'stripe', secret_key: 'sk_test_e2e_secret', webhook_secret: STRIPE_WEBHOOK_SECRET },
      { code: 'adyen_e2e', name: 'Adyen', provider_type: 'adyen', api_key: 'adyen_e2e_api_key', hmac_key: ADYEN_HMAC_KEY, merchant_account: 'LagoMerchant' },
      { code: 'gc_e2e', name: 'GoCardless', provider_type: 'gocardless', access_token: 'gc_e2e_access_token', webhook_secret: GOCARDLESS_WEBHOOK_SECRET },
    ]) {
      expect((await api('POST', '/api/v1/payment_providers', { payment_provider: provider })).status).toBe(200);
    }
    expect((await api('POST', '/api/v1/add_ons', { add_on: { name: 'Plan', code: 'plan', amount_cents: 2500, amount_currency: 'EUR' } })).status).toBe(200);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** A customer synced with `provider`; resolves once payment-sync holds its account. */
  const customerWith = async (externalId: string, provider: string, code: string, extra: Record<string, unknown> = {}) => {
    const res = await api('POST', '/api/v1/customers', {
      customer: {
        external_id: externalId,
        name: `Customer ${externalId}`,
        firstname: 'Ada',
        lastname: 'Lovelace',
        email: `${externalId}@billing.test, second@billing.test`,
        currency: 'EUR',
        net_payment_term: 0,
        billing_configuration: { payment_provider: provider, payment_provider_code: code, sync_with_provider: true, ...extra },
      },
    });
    expect(res.status).toBe(200);
    return res.body.customer as Record<string, any>;
  };
  const providerCustomerIdOf = async (externalId: string) => (await api('GET', `/api/v1/customers/${externalId}`)).body.customer.billing_configuration.provider_customer_id as string | null;
  const accountOf = async (customerId: string) => (await paymentsDb('select * from provider_customers where customer_id = $1', [customerId]))[0]!;

  /** An overdue invoice of the customer and a payment request for it. */
  const paymentRequestFor = async (externalId: string) => {
    const invoice = await api('POST', '/api/v1/invoices', { invoice: { external_customer_id: externalId, fees: [{ add_on_code: 'plan' }] } });
    expect(invoice.status).toBe(200);
    const invoiceId = invoice.body.invoice.lago_id as string;
    await expectEventually(async () => expect((await api('GET', `/api/v1/invoices/${invoiceId}`)).body.invoice.payment_overdue).toBe(true));
    const request = await api('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: externalId, lago_invoice_ids: [invoiceId] } });
    expect(request.status).toBe(200);
    return { invoiceId, requestId: request.body.payment_request.lago_id as string, amount: request.body.payment_request.amount_cents as number };
  };
  const requestState = async (requestId: string) => (await api('GET', `/api/v1/payment_requests/${requestId}`)).body.payment_request as Record<string, any>;
  const paymentsOf = (requestId: string) => paymentsDb('select * from payments where payable_id = $1 order by created_at', [requestId]);
  const invoicingEvents = (type: string, key: string) => invoicingDb<{ value: string }>('select value from outbox where event_type = $1 and key = $2 order by seq', [type, key]);
  const expectSettled = async (requestId: string, invoiceId: string, status: 'succeeded' | 'failed') => {
    await expectEventually(async () => expect((await requestState(requestId)).payment_status).toBe(status), { timeoutMs: 30_000 });
    const invoice = (await api('GET', `/api/v1/invoices/${invoiceId}`)).body.invoice;
    expect(invoice.payment_status).toBe(status);
    if (status === 'succeeded') expect(invoice).toMatchObject({ payment_overdue: false, total_due_amount_cents: 0 });
  };

  /** Publishes messages to a topic, as a broker redelivery or a replaying producer would. */
  const publish = async (topic: string, messages: { key: string; value: string }[]) => {
    const producer = new Kafka(kafkaClientConfig({ brokers: parseBrokers(process.env.TEST_KAFKA_BROKERS!), clientId: `e2e-replay-${randomUUID()}` })).producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages });
    } finally {
      await producer.disconnect();
    }
  };

  describe('Stripe', () => {
    const code = 'stripe_e2e';

    it('creates the customer at Stripe with an idempotency key; the id shows on the customer and a setup checkout link is made', async () => {
      const customer = await customerWith('s-sync', 'stripe', code);
      await expectEventually(async () => expect(await providerCustomerIdOf('s-sync')).toMatch(/^cus_/));
      const [create] = stack.stubs.journal({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/customers' }).filter((e) => (e.body as any).metadata?.customer_id === 's-sync');
      expect(create!.body).toMatchObject({
        email: 's-sync@billing.test',
        name: 'Customer s-sync',
        metadata: { lago_customer_id: customer.lago_id, customer_id: 's-sync' },
      });
      expect(create!.headers['idempotency-key']).toBe(`${customer.lago_id}-${Math.floor(Date.parse(customer.updated_at) / 1000)}`);
      expect(create!.headers.authorization).toBe('Bearer sk_test_e2e_secret');
      const account = await accountOf(customer.lago_id);
      expect(account).toMatchObject({ sync_state: 'linked', provider_customer_id: await providerCustomerIdOf('s-sync') });
      expect(account.checkout_url).toMatch(/\/checkout\/cs_/);
      const session = stack.stubs.journal({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/checkout/sessions' }).find((e) => (e.body as any).customer === account.provider_customer_id);
      expect(session!.body).toMatchObject({ mode: 'setup', payment_method_types: ['card'] });
      // Its events left payment-sync's outbox: created, then the checkout link.
      const events = await paymentsDb<{ event_type: string }>('select event_type from outbox where key = $1 order by seq', [customer.lago_id]);
      expect(events.map((e) => e.event_type)).toEqual(['customer.payment_provider_created', 'customer.checkout_url_generated']);

      // The customer completes the setup: setup_intent.succeeded makes the new card the one charged.
      const setup = await stack.stubs.completeStripeSetup({ url: webhookUrl('stripe', code), secret: STRIPE_WEBHOOK_SECRET, customerId: account.provider_customer_id });
      expect(setup.status).toBe(200);
      const card = JSON.parse(setup.sent.body).data.object.payment_method as string;
      expect(card).not.toBe(account.payment_method_id);
      await expectEventually(async () => expect((await accountOf(customer.lago_id)).payment_method_id).toBe(card));
      const defaults = stack.stubs.journal({ provider: 'stripe', method: 'POST', pathPrefix: `/v1/customers/${account.provider_customer_id}` });
      expect(defaults.map((e) => e.body)).toContainEqual({ invoice_settings: { default_payment_method: card } });
    });

    it('links an id the integrator gives without calling Stripe', async () => {
      const before = stack.stubs.journal({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/customers' }).length;
      const res = await api('POST', '/api/v1/customers', {
        customer: { external_id: 's-given', name: 'Given', currency: 'EUR', billing_configuration: { payment_provider: 'stripe', payment_provider_code: code, provider_customer_id: 'cus_given_1' } },
      });
      expect(res.status).toBe(200);
      await expectEventually(async () => expect((await accountOf(res.body.customer.lago_id)).provider_customer_id).toBe('cus_given_1'));
      expect(stack.stubs.journal({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/customers' })).toHaveLength(before);
    });

    it('charges a payment request once with payment-<payment id>; a redelivered or replayed payment_request.created charges nothing more', async () => {
      await customerWith('s-pay', 'stripe', code);
      await expectEventually(async () => expect(await providerCustomerIdOf('s-pay')).toMatch(/^cus_/));
      const cus = (await providerCustomerIdOf('s-pay'))!;
      const { invoiceId, requestId, amount } = await paymentRequestFor('s-pay');
      await expectSettled(requestId, invoiceId, 'succeeded');
      const [payment] = await paymentsOf(requestId);
      expect(payment).toMatchObject({ provider_type: 'stripe', status: 'succeeded', payable_payment_status: 'succeeded', amount_currency: 'EUR' });
      const intents = stack.stubs.journal({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/payment_intents' }).filter((e) => (e.body as any).customer === cus);
      expect(intents).toHaveLength(1);
      expect(intents[0]!.headers['idempotency-key']).toBe(`payment-${payment!.id}`);
      expect(intents[0]!.body).toMatchObject({
        amount: String(amount),
        currency: 'eur',
        confirm: 'true',
        off_session: 'true',
        error_on_requires_action: 'true',
        metadata: { lago_payable_id: requestId, lago_payable_type: 'PaymentRequest', lago_payment_id: payment!.id, lago_organization_id: org.id },
      });
      // Lago's payments API shows the provider payment.
      const listed = await api('GET', `/api/v1/payments?external_customer_id=s-pay`);
      expect(listed.body.payments).toEqual([expect.objectContaining({ lago_id: payment!.id, type: 'provider', payment_status: 'succeeded', external_payment_id: payment!.provider_payment_id })]);

      // The same event again (a redelivery), then a copy with a new event id (a replaying producer).
      const [created] = await invoicingEvents('payment_request.created', requestId);
      const replay = { ...JSON.parse(created!.value), event_id: randomUUID() };
      await publish(TOPICS.paymentRequests, [
        { key: requestId, value: created!.value },
        { key: requestId, value: JSON.stringify(replay) },
      ]);
      // Same partition, so once the copy is processed the redelivery was too.
      await expectEventually(async () => expect(await paymentsDb('select 1 from inbox where event_id = $1', [replay.event_id])).toHaveLength(1));
      expect(await paymentsOf(requestId)).toHaveLength(1);
      expect(stack.stubs.created('stripe', 'payment_intents').filter((pi: any) => pi.customer === cus)).toHaveLength(1);
    });

    it('a declined card ends the request failed with payment_request.payment_failure', async () => {
      await customerWith('s-declined', 'stripe', code);
      await expectEventually(async () => expect(await providerCustomerIdOf('s-declined')).toMatch(/^cus_/));
      stack.stubs.setScenario('stripe', (await providerCustomerIdOf('s-declined'))!, 'declined');
      const { invoiceId, requestId } = await paymentRequestFor('s-declined');
      await expectEventually(async () => expect((await requestState(requestId)).payment_status).toBe('failed'), { timeoutMs: 30_000 });
      const [payment] = await paymentsOf(requestId);
      expect(payment).toMatchObject({ status: 'failed', payable_payment_status: 'failed', error_code: 'card_declined' });
      const failures = await invoicingEvents('payment_request.payment_failure', requestId);
      expect(failures).toHaveLength(1);
      expect(JSON.parse(failures[0]!.value).payload).toMatchObject({
        lago_payment_request_id: requestId,
        lago_invoice_ids: [invoiceId],
        external_customer_id: 's-declined',
        payment_provider: 'stripe',
        payment_provider_code: code,
        provider_error: { error_code: 'card_declined' },
      });
      // A charge error leaves the invoice collectable by a new request (Lago's charge path).
      expect((await api('GET', `/api/v1/invoices/${invoiceId}`)).body.invoice.payment_overdue).toBe(true);
    });

    it('a processing charge is finished by a signed webhook; a replay and a bad signature change nothing', async () => {
      await customerWith('s-async', 'stripe', code);
      await expectEventually(async () => expect(await providerCustomerIdOf('s-async')).toMatch(/^cus_/));
      stack.stubs.setScenario('stripe', (await providerCustomerIdOf('s-async'))!, 'processing');
      const { invoiceId, requestId } = await paymentRequestFor('s-async');
      await expectEventually(async () => expect((await paymentsOf(requestId))[0]).toMatchObject({ status: 'processing', payable_payment_status: 'processing' }));
      expect((await requestState(requestId)).payment_status).toBe('pending');
      const [payment] = await paymentsOf(requestId);

      // A forged signature is refused and changes nothing.
      const forged = JSON.stringify({ id: 'evt_forged', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: payment!.provider_payment_id, metadata: {} } } });
      const bad = await fetch(webhookUrl('stripe', code), { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` }, body: forged });
      expect(bad.status).toBe(400);
      const unsigned = await fetch(webhookUrl('stripe', code), { method: 'POST', headers: { 'content-type': 'application/json' }, body: forged });
      expect(unsigned.status).toBe(400);
      expect((await paymentsOf(requestId))[0]!.status).toBe('processing');

      const delivery = await stack.stubs.completeStripePaymentIntent({ url: webhookUrl('stripe', code), secret: STRIPE_WEBHOOK_SECRET, paymentIntentId: payment!.provider_payment_id, outcome: 'succeeded' });
      expect(delivery).toMatchObject({ status: 200, body: '' });
      await expectSettled(requestId, invoiceId, 'succeeded');
      const updates = (await invoicingEvents('payment_request.payment_status_updated', requestId)).length;

      // The exact same delivery again: 200, and no second effect.
      const settled = (await paymentsOf(requestId))[0]!.updated_at;
      const replay = await fetch(delivery.sent.url, { method: 'POST', headers: delivery.sent.headers, body: delivery.sent.body });
      expect(replay.status).toBe(200);
      expect((await paymentsOf(requestId))[0]!.updated_at).toEqual(settled);
      expect(await invoicingEvents('payment_request.payment_status_updated', requestId)).toHaveLength(updates);
      expect(await paymentsDb("select 1 from outbox where key = $1 and event_type = 'payment.succeeded'", [payment!.id])).toHaveLength(1);
    });

    it('a webhook about another organization’s payment is ignored', async () => {
      const other = await stack.seedOrganization('Other Stripe Org');
      const otherApi = gatewayClient(stack.gatewayUrl, other.apiKey);
      expect((await otherApi('POST', '/api/v1/payment_providers', { payment_provider: { code, name: 'S', provider_type: 'stripe', secret_key: 'sk_test_other', webhook_secret: STRIPE_WEBHOOK_SECRET } })).status).toBe(200);
      const [payment] = await paymentsDb("select * from payments where organization_id = $1 and provider_type = 'stripe' and status = 'succeeded' limit 1", [org.id]);
      const delivery = await stack.stubs.stripeEvent({
        url: `${stack.gatewayUrl}/webhooks/stripe/${other.id}?code=${code}`,
        secret: STRIPE_WEBHOOK_SECRET,
        type: 'payment_intent.payment_failed',
        object: { id: payment!.provider_payment_id, object: 'payment_intent', status: 'requires_payment_method', metadata: { lago_organization_id: org.id }, last_payment_error: { code: 'card_declined', message: 'declined' } },
      });
      expect(delivery.status).toBe(200);
      expect((await paymentsDb('select status from payments where id = $1', [payment!.id]))[0]!.status).toBe('succeeded');
    });

    it('retries a Stripe outage (500s, a lost answer) with the same idempotency key and charges once', async () => {
      stack.stubs.addFault({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/customers', kind: 'status', status: 500, times: 2 });
      await customerWith('s-outage', 'stripe', code);
      await expectEventually(async () => expect(await providerCustomerIdOf('s-outage')).toMatch(/^cus_/), { timeoutMs: 30_000 });
      const cus = (await providerCustomerIdOf('s-outage'))!;
      expect(stack.stubs.created('stripe', 'customers').filter((c: any) => c.metadata?.customer_id === 's-outage')).toHaveLength(1);

      stack.stubs.addFault({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/payment_intents', kind: 'status', status: 500, times: 1 });
      stack.stubs.addFault({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/payment_intents', kind: 'hang', hangMs: 4000, times: 1 });
      const { invoiceId, requestId } = await paymentRequestFor('s-outage');
      await expectSettled(requestId, invoiceId, 'succeeded');
      const [payment] = await paymentsOf(requestId);
      const attempts = stack.stubs.journal({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/payment_intents' }).filter((e) => (e.body as any).customer === cus);
      expect(attempts.length).toBeGreaterThanOrEqual(3);
      expect(new Set(attempts.map((e) => e.headers['idempotency-key']))).toEqual(new Set([`payment-${payment!.id}`]));
      expect(stack.stubs.created('stripe', 'payment_intents').filter((pi: any) => pi.customer === cus)).toHaveLength(1);
    });
  });

  describe('Adyen', () => {
    const code = 'adyen_e2e';

    it('sends a zero-amount payment link; the AUTHORISATION webhook links the shopper, then a charge succeeds with payment-<id>', async () => {
      const customer = await customerWith('a-pay', 'adyen', code);
      await expectEventually(async () => expect((await accountOf(customer.lago_id)).sync_state).toBe('awaiting_authorisation'));
      const link = stack.stubs.journal({ provider: 'adyen', method: 'POST', pathPrefix: '/paymentLinks' }).find((e) => (e.body as any).shopperReference === 'a-pay');
      expect(link!.body).toMatchObject({
        amount: { value: 0, currency: 'EUR' },
        merchantAccount: 'LagoMerchant',
        reference: 'authorization customer a-pay',
        storePaymentMethodMode: 'enabled',
        recurringProcessingModel: 'UnscheduledCardOnFile',
        shopperEmail: 'a-pay@billing.test',
      });
      expect(link!.headers['x-api-key']).toBe('adyen_e2e_api_key');
      expect(await providerCustomerIdOf('a-pay')).toBeNull();
      const [linkObject] = stack.stubs.created('adyen', 'payment_links').filter((l: any) => l.shopperReference === 'a-pay') as any[];

      const forged = await stack.stubs.completeAdyenPaymentLink({ url: webhookUrl('adyen', code), hmacKey: randomBytes(32).toString('hex'), paymentLinkId: linkObject.id });
      expect(forged.status).toBe(400);
      expect(await providerCustomerIdOf('a-pay')).toBeNull();
      const delivery = await stack.stubs.completeAdyenPaymentLink({ url: webhookUrl('adyen', code), hmacKey: ADYEN_HMAC_KEY, paymentLinkId: linkObject.id });
      expect(delivery).toMatchObject({ status: 200, body: '[accepted]' });
      await expectEventually(async () => expect(await providerCustomerIdOf('a-pay')).toBe('a-pay'));

      const { invoiceId, requestId, amount } = await paymentRequestFor('a-pay');
      await expectSettled(requestId, invoiceId, 'succeeded');
      const [payment] = await paymentsOf(requestId);
      expect(payment).toMatchObject({ status: 'Authorised', payable_payment_status: 'succeeded' });
      const charges = stack.stubs.journal({ provider: 'adyen', method: 'POST', pathPrefix: '/payments' }).filter((e) => (e.body as any).shopperReference === 'a-pay');
      expect(charges).toHaveLength(1);
      expect(charges[0]!.headers['idempotency-key']).toBe(`payment-${payment!.id}`);
      expect(charges[0]!.body).toMatchObject({
        amount: { value: amount, currency: 'EUR' },
        merchantAccount: 'LagoMerchant',
        shopperInteraction: 'ContAuth',
        recurringProcessingModel: 'UnscheduledCardOnFile',
        paymentMethod: { type: 'scheme', storedPaymentMethodId: expect.any(String) },
      });
    });

    it('a refused charge ends the request failed with payment_request.payment_failure', async () => {
      const customer = await customerWith('a-refused', 'adyen', code);
      await expectEventually(async () => expect((await accountOf(customer.lago_id)).sync_state).toBe('awaiting_authorisation'));
      const [linkObject] = stack.stubs.created('adyen', 'payment_links').filter((l: any) => l.shopperReference === 'a-refused') as any[];
      expect((await stack.stubs.completeAdyenPaymentLink({ url: webhookUrl('adyen', code), hmacKey: ADYEN_HMAC_KEY, paymentLinkId: linkObject.id })).status).toBe(200);
      await expectEventually(async () => expect(await providerCustomerIdOf('a-refused')).toBe('a-refused'));
      stack.stubs.setScenario('adyen', 'a-refused', 'Refused');
      const { requestId } = await paymentRequestFor('a-refused');
      await expectEventually(async () => expect((await requestState(requestId)).payment_status).toBe('failed'), { timeoutMs: 30_000 });
      expect((await paymentsOf(requestId))[0]).toMatchObject({ status: 'Refused', payable_payment_status: 'failed' });
      expect(await invoicingEvents('payment_request.payment_failure', requestId)).toHaveLength(1);
    });

    it('a payment link that is not answered (reset, then 500) is retried until Adyen answers', async () => {
      stack.stubs.addFault({ provider: 'adyen', method: 'POST', pathPrefix: '/paymentLinks', kind: 'reset', times: 1 });
      stack.stubs.addFault({ provider: 'adyen', method: 'POST', pathPrefix: '/paymentLinks', kind: 'status', status: 500, times: 1 });
      const customer = await customerWith('a-outage', 'adyen', code);
      await expectEventually(async () => expect((await accountOf(customer.lago_id)).sync_state).toBe('awaiting_authorisation'), { timeoutMs: 30_000 });
      expect(stack.stubs.created('adyen', 'payment_links').filter((l: any) => l.shopperReference === 'a-outage')).toHaveLength(1);
    });
  });

  describe('GoCardless', () => {
    const code = 'gc_e2e';

    it('creates the customer and a Bacs billing-request flow; the mandate webhook arms the charge; paid_out settles the request', async () => {
      const customer = await customerWith('g-pay', 'gocardless', code);
      await expectEventually(async () => expect(await providerCustomerIdOf('g-pay')).toMatch(/^CU/));
      const cu = (await providerCustomerIdOf('g-pay'))!;
      const create = stack.stubs.journal({ provider: 'gocardless', method: 'POST', pathPrefix: '/customers' }).find((e) => (e.body as any).customers?.given_name === 'Ada' && (e.body as any).customers?.email === 'g-pay@billing.test');
      expect(create!.body).toEqual({ customers: { email: 'g-pay@billing.test', company_name: 'Customer g-pay', given_name: 'Ada', family_name: 'Lovelace' } });
      const [request] = stack.stubs.journal({ provider: 'gocardless', method: 'POST', pathPrefix: '/billing_requests' }).filter((e) => (e.body as any).billing_requests?.links?.customer === cu);
      expect(request!.body).toEqual({ billing_requests: { mandate_request: { scheme: 'bacs' }, links: { customer: cu } } });
      const account = await accountOf(customer.lago_id);
      expect(account.checkout_url).toMatch(/\/flow\/BRF/);
      const [flow] = stack.stubs.created('gocardless', 'billing_request_flows').filter((f: any) => f.authorisation_url === account.checkout_url) as any[];

      const mandate = await stack.stubs.completeGoCardlessFlow({ url: webhookUrl('gocardless', code), secret: GOCARDLESS_WEBHOOK_SECRET, billingRequestFlowId: flow.id });
      expect(mandate.status).toBe(200);
      await expectEventually(async () => expect((await accountOf(customer.lago_id)).payment_method_id).toMatch(/^MD/));

      const { invoiceId, requestId, amount } = await paymentRequestFor('g-pay');
      await expectEventually(async () => expect((await paymentsOf(requestId))[0]).toMatchObject({ status: 'pending_submission', payable_payment_status: 'processing' }));
      expect((await requestState(requestId)).payment_status).toBe('pending');
      const [payment] = await paymentsOf(requestId);
      const [charge] = stack.stubs.journal({ provider: 'gocardless', method: 'POST', pathPrefix: '/payments' }).filter((e) => (e.body as any).payments?.metadata?.lago_payable_id === requestId);
      expect(charge!.headers['idempotency-key']).toBe(`payment-${payment!.id}`);
      expect(charge!.body).toEqual({
        payments: {
          amount,
          currency: 'EUR',
          retry_if_possible: false,
          metadata: { lago_customer_id: customer.lago_id, lago_payable_id: requestId, lago_payable_type: 'PaymentRequest' },
          links: { mandate: (await accountOf(customer.lago_id)).payment_method_id },
        },
      });

      const forged = await fetch(webhookUrl('gocardless', code), { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-signature': 'f'.repeat(64) }, body: JSON.stringify({ events: [] }) });
      expect(forged.status).toBe(400);
      const paid = await stack.stubs.gocardlessPaymentAction({ url: webhookUrl('gocardless', code), secret: GOCARDLESS_WEBHOOK_SECRET, paymentId: payment!.provider_payment_id, action: 'paid_out' });
      expect(paid.status).toBe(200);
      await expectSettled(requestId, invoiceId, 'succeeded');
      const replay = await fetch(paid.sent.url, { method: 'POST', headers: paid.sent.headers, body: paid.sent.body });
      expect(replay.status).toBe(200);
      expect(await paymentsDb("select 1 from outbox where key = $1 and event_type = 'payment.succeeded'", [payment!.id])).toHaveLength(1);
    });

    it('a failed payment ends the request failed with payment_request.payment_failure and the bank’s reason', async () => {
      const customer = await customerWith('g-failed', 'gocardless', code);
      await expectEventually(async () => expect((await accountOf(customer.lago_id)).checkout_url).toMatch(/\/flow\/BRF/));
      const account = await accountOf(customer.lago_id);
      const [flow] = stack.stubs.created('gocardless', 'billing_request_flows').filter((f: any) => f.authorisation_url === account.checkout_url) as any[];
      await stack.stubs.completeGoCardlessFlow({ url: webhookUrl('gocardless', code), secret: GOCARDLESS_WEBHOOK_SECRET, billingRequestFlowId: flow.id });
      await expectEventually(async () => expect((await accountOf(customer.lago_id)).payment_method_id).toMatch(/^MD/));
      const { requestId } = await paymentRequestFor('g-failed');
      await expectEventually(async () => expect((await paymentsOf(requestId))[0]?.provider_payment_id).toMatch(/^PM/));
      const [payment] = await paymentsOf(requestId);
      const failed = await stack.stubs.gocardlessPaymentAction({
        url: webhookUrl('gocardless', code),
        secret: GOCARDLESS_WEBHOOK_SECRET,
        paymentId: payment!.provider_payment_id,
        action: 'failed',
        cause: 'insufficient_funds',
        description: 'The customer’s account had insufficient funds',
      });
      expect(failed.status).toBe(200);
      await expectEventually(async () => expect((await requestState(requestId)).payment_status).toBe('failed'), { timeoutMs: 30_000 });
      const failures = await invoicingEvents('payment_request.payment_failure', requestId);
      expect(failures).toHaveLength(1);
      expect(JSON.parse(failures[0]!.value).payload.provider_error).toEqual({ message: 'The customer’s account had insufficient funds', error_code: 'insufficient_funds' });
    });

    it('a GoCardless that times out and then answers 500 still gets the customer created, once', async () => {
      stack.stubs.addFault({ provider: 'gocardless', method: 'POST', pathPrefix: '/customers', kind: 'hang', hangMs: 4000, times: 1 });
      stack.stubs.addFault({ provider: 'gocardless', method: 'POST', pathPrefix: '/billing_requests', kind: 'status', status: 500, times: 1 });
      await customerWith('g-outage', 'gocardless', code);
      await expectEventually(async () => expect(await providerCustomerIdOf('g-outage')).toMatch(/^CU/), { timeoutMs: 30_000 });
      expect(stack.stubs.created('gocardless', 'customers').filter((c: any) => c.email === 'g-outage@billing.test')).toHaveLength(1);
    });
  });

  it('the CLI connects, lists, updates and deletes a provider through the gateway, secrets taken from the environment and never printed', async () => {
    process.env.CLI_E2E_STRIPE_KEY = 'sk_test_from_env_only';
    const created = JSON.parse(await stack.cli('payment-provider:create', '--organization', org.id, '--type', 'stripe', '--code', 'cli_stripe', '--name', 'From CLI', '--secret', 'secret_key=@CLI_E2E_STRIPE_KEY'));
    expect(created.payment_provider).toMatchObject({ code: 'cli_stripe', name: 'From CLI', provider_type: 'stripe', secrets_set: ['secret_key'] });
    const listed = await stack.cli('payment-provider:list', '--organization', org.id);
    expect(JSON.parse(listed).payment_providers.map((p: { code: string }) => p.code)).toContain('cli_stripe');
    expect(listed).not.toContain('sk_test_from_env_only');
    expect(JSON.parse(await stack.cli('payment-provider:update', '--organization', org.id, '--code', 'cli_stripe', '--name', 'Renamed')).payment_provider.name).toBe('Renamed');
    expect(JSON.parse(await stack.cli('payment-provider:delete', '--organization', org.id, '--code', 'cli_stripe')).payment_provider.code).toBe('cli_stripe');
    expect((await api('GET', '/api/v1/payment_providers/cli_stripe')).status).toBe(404);
    // The keys the CLI issued for its calls are revoked.
    const temporary = await query<{ n: number }>(stack.databases.gateway.url, "select count(*)::int as n from api_keys where name = 'cli (temporary)' and revoked_at is null");
    expect(temporary[0]!.n).toBe(0);
  });

  it('a customer without a provider account is not charged', async () => {
    expect((await api('POST', '/api/v1/customers', { customer: { external_id: 'n-none', name: 'None', currency: 'EUR', net_payment_term: 0 } })).status).toBe(200);
    const before = stack.stubs.journal({}).length;
    const { requestId } = await paymentRequestFor('n-none');
    const [created] = await invoicingEvents('payment_request.created', requestId);
    const eventId = JSON.parse(created!.value).event_id;
    await expectEventually(async () => expect(await paymentsDb('select 1 from inbox where event_id = $1', [eventId])).toHaveLength(1));
    expect(await paymentsOf(requestId)).toHaveLength(0);
    expect(stack.stubs.journal({})).toHaveLength(before);
    expect((await requestState(requestId)).payment_status).toBe('pending');
  });
});
