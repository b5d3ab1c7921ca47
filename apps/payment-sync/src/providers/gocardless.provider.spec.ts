import { type ProviderStubs, signGoCardless, startProviderStubs } from '@app/provider-stubs';
import { GoCardlessProvider, goCardlessPaymentMetadata } from './gocardless.provider';
import {
  type ChargeInput,
  InvalidWebhookSignatureError,
  type ProviderCredentials,
  type ProviderCustomerInput,
  ProviderRefusedError,
  ProviderUnavailableError,
} from './payment-provider';

const credentials: ProviderCredentials = {
  type: 'gocardless',
  secrets: { access_token: 'sandbox_AccessTokenForTests', webhook_secret: 'Wh5ecretGeneratedByLagoWith50AlphanumericCharsAbcd' },
  settings: {},
  successRedirectUrl: 'https://app.example.test/billing/done',
};

const customer: ProviderCustomerInput = {
  lagoCustomerId: '5b0c8a1e-1111-4a4a-9c9c-000000000001',
  externalId: 'ext-ada-42',
  name: 'Acme Ltd',
  firstname: 'Ada',
  lastname: ' ',
  email: 'ada@example.test, ops@example.test',
  phone: '+441000000',
  address: { line1: null, line2: null, city: null, zipcode: null, state: null, country: 'GB' },
  currency: 'GBP',
  paymentMethods: [],
};

const PAYMENT_ID = '0d9a3c52-2222-4b4b-8d8d-000000000002';

function chargeInput(providerCustomerId: string, overrides: Partial<ChargeInput> = {}): ChargeInput {
  return {
    paymentId: PAYMENT_ID,
    amountCents: 1999,
    currency: 'gbp',
    providerCustomerId,
    reference: 'Acme SAS - Overdue invoices',
    metadata: { lago_customer_id: customer.lagoCustomerId, lago_payable_id: 'pr-1', lago_payable_type: 'PaymentRequest', lago_payment_id: PAYMENT_ID, lago_organization_id: 'org-1' },
    email: 'ada@example.test',
    country: 'GB',
    paymentMethodId: null,
    paymentMethods: [],
    onSession: false,
    ...overrides,
  };
}

describe('GoCardlessProvider pure parts', () => {
  it('keeps at most the three payment-request metadata keys GoCardless allows', () => {
    expect(goCardlessPaymentMetadata({ lago_customer_id: 'c', lago_payable_id: 'p', lago_payable_type: 'PaymentRequest', lago_payment_id: 'x', invoice_type: 'one_off' })).toEqual({
      lago_customer_id: 'c',
      lago_payable_id: 'p',
      lago_payable_type: 'PaymentRequest',
    });
    expect(goCardlessPaymentMetadata({ lago_customer_id: 'c' })).toEqual({ lago_customer_id: 'c' });
  });
});

describe('GoCardlessProvider against the GoCardless stand-in', () => {
  let stubs: ProviderStubs;
  let gc: GoCardlessProvider;
  let sink: string;

  beforeAll(async () => {
    stubs = await startProviderStubs();
    gc = new GoCardlessProvider({ gocardless: stubs.endpoints.gocardless, timeoutMs: 2000 }, false);
    sink = `${stubs.url}/webhook-sink`;
  });
  afterAll(() => stubs.close());
  beforeEach(() => stubs.reset());

  /** A customer with an active mandate (created through the adapter and the hosted flow). */
  async function customerWithMandate(): Promise<{ customerId: string; mandateId: string }> {
    const { providerCustomerId } = await gc.createCustomer(credentials, customer, 'seed');
    const [flow] = stubs.created('gocardless', 'billing_request_flows');
    await stubs.completeGoCardlessFlow({ url: sink, secret: credentials.secrets.webhook_secret, billingRequestFlowId: flow.id });
    return { customerId: providerCustomerId as string, mandateId: stubs.created('gocardless', 'mandates')[0].id };
  }

  function signed(body: unknown): [Buffer, Record<string, string>] {
    const raw = JSON.stringify(body);
    return [Buffer.from(raw), { 'Webhook-Signature': signGoCardless(raw, credentials.secrets.webhook_secret) }];
  }

  describe('createCustomer', () => {
    it('creates the customer without blank fields, then a Bacs billing request and its flow', async () => {
      const result = await gc.createCustomer(credentials, customer, 'lago-cus-1-1763700000');

      const [cu] = stubs.created('gocardless', 'customers');
      const [brq] = stubs.created('gocardless', 'billing_requests');
      const [brf] = stubs.created('gocardless', 'billing_request_flows');
      expect(result).toEqual({ providerCustomerId: cu.id, checkoutUrl: brf.authorisation_url });
      const [create, request, flow] = stubs.journal({ provider: 'gocardless' });
      expect(`${create.method} ${create.path}`).toBe('POST /gocardless/customers');
      expect(create.body).toEqual({ customers: { email: 'ada@example.test', company_name: 'Acme Ltd', given_name: 'Ada' } });
      expect(create.headers['idempotency-key']).toBe('lago-cus-1-1763700000');
      expect(create.headers.authorization).toBe(`Bearer ${credentials.secrets.access_token}`);
      expect(create.headers['gocardless-version']).toBe('2015-07-06');
      expect(`${request.method} ${request.path}`).toBe('POST /gocardless/billing_requests');
      expect(request.body).toEqual({ billing_requests: { mandate_request: { scheme: 'bacs' }, links: { customer: cu.id } } });
      expect(`${flow.method} ${flow.path}`).toBe('POST /gocardless/billing_request_flows');
      expect(flow.body).toEqual({ billing_request_flows: { redirect_uri: credentials.successRedirectUrl, exit_uri: credentials.successRedirectUrl, links: { billing_request: brq.id } } });
    });

    it('checkoutUrl() makes a new flow for an existing customer, with GoCardless as default redirect', async () => {
      const { providerCustomerId } = await gc.createCustomer(credentials, customer, 'k');
      const url = await gc.checkoutUrl({ ...credentials, successRedirectUrl: null }, customer, providerCustomerId as string);
      const flows = stubs.created('gocardless', 'billing_request_flows');
      expect(flows).toHaveLength(2);
      expect(url).toBe(flows[1].authorisation_url);
      const requests = stubs.journal({ provider: 'gocardless', pathPrefix: '/billing_requests' });
      expect(requests[1].body).toEqual({ billing_requests: { mandate_request: { scheme: 'bacs' }, links: { customer: providerCustomerId } } });
      expect(stubs.journal({ provider: 'gocardless', pathPrefix: '/billing_request_flows' })[1].body).toMatchObject({
        billing_request_flows: { redirect_uri: 'https://gocardless.com/', exit_uri: 'https://gocardless.com/' },
      });
      await expect(gc.checkoutUrl(credentials, customer, 'CU000UNKNOWN')).rejects.toMatchObject({ name: 'ProviderRefusedError', code: 'validation_failed' });
    });

    it('throws ProviderRefusedError with the error type for a validation error and ProviderUnavailableError for a 500', async () => {
      stubs.addFault({ provider: 'gocardless', pathPrefix: '/customers', kind: 'status', status: 422 });
      const refused = await gc.createCustomer(credentials, customer, 'k').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ProviderRefusedError);
      expect(refused).toMatchObject({ code: 'validation_failed', httpStatus: 422 });
      stubs.addFault({ provider: 'gocardless', pathPrefix: '/customers', kind: 'status', status: 500 });
      await expect(gc.createCustomer(credentials, customer, 'k2')).rejects.toBeInstanceOf(ProviderUnavailableError);
    });

    it('returns the customer without a link when the flow is refused, but throws when GoCardless is down', async () => {
      stubs.addFault({ provider: 'gocardless', pathPrefix: '/billing_request_flows', kind: 'status', status: 422 });
      const refused = await gc.createCustomer(credentials, customer, 'k-a');
      expect(refused.providerCustomerId).toMatch(/^CU/);
      expect(refused.checkoutUrl).toBeNull();
      stubs.addFault({ provider: 'gocardless', pathPrefix: '/billing_requests', kind: 'status', status: 503 });
      await expect(gc.createCustomer(credentials, customer, 'k-b')).rejects.toBeInstanceOf(ProviderUnavailableError);
    });
  });

  describe('charge', () => {
    it('finds a chargeable mandate and creates the payment with three metadata keys and payment-<id>', async () => {
      const { customerId, mandateId } = await customerWithMandate();
      const result = await gc.charge(credentials, chargeInput(customerId));

      const [payment] = stubs.created('gocardless', 'payments');
      expect(result).toEqual({
        providerPaymentId: payment.id,
        status: 'pending_submission',
        payableStatus: 'processing',
        nextAction: null,
        error: null,
        keepPayablePending: false,
        paymentMethodId: mandateId,
      });
      const [list] = stubs.journal({ provider: 'gocardless', method: 'GET', pathPrefix: '/mandates' });
      expect(list.query).toEqual({ customer: customerId, status: 'pending_customer_approval,pending_submission,submitted,active' });
      const [create] = stubs.journal({ provider: 'gocardless', method: 'POST', pathPrefix: '/payments' });
      expect(create.headers['idempotency-key']).toBe(`payment-${PAYMENT_ID}`);
      expect(create.body).toEqual({
        payments: {
          amount: 1999,
          currency: 'GBP',
          retry_if_possible: false,
          metadata: { lago_customer_id: customer.lagoCustomerId, lago_payable_id: 'pr-1', lago_payable_type: 'PaymentRequest' },
          links: { mandate: mandateId },
        },
      });
    });

    it('charges a known mandate without listing, and returns the same payment for the same payment id', async () => {
      const { customerId, mandateId } = await customerWithMandate();
      const first = await gc.charge(credentials, chargeInput(customerId, { paymentMethodId: mandateId }));
      const again = await gc.charge(credentials, chargeInput(customerId, { paymentMethodId: mandateId }));
      expect(again.providerPaymentId).toBe(first.providerPaymentId);
      expect(stubs.created('gocardless', 'payments')).toHaveLength(1);
      expect(stubs.journal({ provider: 'gocardless', method: 'GET', pathPrefix: '/mandates' })).toHaveLength(0);
    });

    it('fails with no_mandate_error when the customer has no chargeable mandate', async () => {
      const { providerCustomerId } = await gc.createCustomer(credentials, customer, 'k');
      const result = await gc.charge(credentials, chargeInput(providerCustomerId as string));
      expect(result).toEqual({
        providerPaymentId: null,
        status: 'failed',
        payableStatus: 'failed',
        nextAction: null,
        error: { message: 'No mandate available for payment', code: 'no_mandate_error' },
        keepPayablePending: false,
        paymentMethodId: null,
      });
      expect(stubs.journal({ provider: 'gocardless', method: 'POST', pathPrefix: '/payments' })).toHaveLength(0);
    });

    it('turns validation and authentication refusals into failed payments with the error type', async () => {
      const { customerId, mandateId } = await customerWithMandate();
      stubs.setScenario('gocardless', customerId, 'validation_failed');
      const invalid = await gc.charge(credentials, chargeInput(customerId));
      expect(invalid).toMatchObject({ providerPaymentId: null, status: 'failed', payableStatus: 'failed', paymentMethodId: mandateId, error: { code: 'validation_failed' } });
      expect(invalid.error?.message).toContain('links[mandate]');
      stubs.addFault({ provider: 'gocardless', pathPrefix: '/payments', kind: 'status', status: 401 });
      expect((await gc.charge(credentials, chargeInput(customerId, { paymentMethodId: mandateId }))).error).toEqual({ message: 'Authentication failed', code: 'invalid_api_usage' });
    });

    it('throws ProviderUnavailableError on a 500, a 429, a reset connection and a hung response past the timeout', async () => {
      const { customerId, mandateId } = await customerWithMandate();
      const input = chargeInput(customerId, { paymentMethodId: mandateId });
      for (const fault of [{ kind: 'status', status: 500 }, { kind: 'status', status: 429 }, { kind: 'reset' }] as const) {
        stubs.addFault({ provider: 'gocardless', method: 'POST', pathPrefix: '/payments', ...fault });
        await expect(gc.charge(credentials, input)).rejects.toBeInstanceOf(ProviderUnavailableError);
      }
      const impatient = new GoCardlessProvider({ gocardless: stubs.endpoints.gocardless, timeoutMs: 1000 }, false);
      stubs.addFault({ provider: 'gocardless', method: 'POST', pathPrefix: '/payments', kind: 'hang', hangMs: 4000 });
      const timedOut = await impatient.charge(credentials, input).catch((e: unknown) => e);
      expect(timedOut).toBeInstanceOf(ProviderUnavailableError);
      expect((timedOut as Error).message).toMatch(/time/i);
    });

    it('does not let the SDK retry a failed GET by itself (the job retries)', async () => {
      const { customerId } = await customerWithMandate();
      stubs.addFault({ provider: 'gocardless', method: 'GET', pathPrefix: '/mandates', kind: 'status', status: 503, times: 3 });
      const error = await gc.charge(credentials, chargeInput(customerId)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderUnavailableError);
      expect(error).toMatchObject({ message: 'GoCardless unavailable: HTTP 503', httpStatus: 503 });
      expect(stubs.journal({ provider: 'gocardless', method: 'GET', pathPrefix: '/mandates' })).toHaveLength(1);
    });
  });

  describe('parseWebhook', () => {
    it('turns mandates/created into payment_method_set after reading the mandate', async () => {
      const { providerCustomerId } = await gc.createCustomer(credentials, customer, 'k');
      const [flow] = stubs.created('gocardless', 'billing_request_flows');
      const delivery = await stubs.completeGoCardlessFlow({ url: sink, secret: credentials.secrets.webhook_secret, billingRequestFlowId: flow.id });
      const [mandate] = stubs.created('gocardless', 'mandates');
      const events = await gc.parseWebhook(credentials, Buffer.from(delivery.sent.body), delivery.sent.headers);
      expect(events).toEqual([{ kind: 'payment_method_set', eventId: JSON.parse(delivery.sent.body).events[0].id, providerCustomerId, paymentMethodId: mandate.id, lagoCustomerId: null }]);
      expect(stubs.journal({ provider: 'gocardless', method: 'GET' }).map((e) => e.path)).toEqual([`/gocardless/mandates/${mandate.id}`]);
    });

    it('turns payment actions into payment events with the event metadata and failure details', async () => {
      const { customerId, mandateId } = await customerWithMandate();
      const { providerPaymentId } = await gc.charge(credentials, chargeInput(customerId, { paymentMethodId: mandateId }));
      const paid = await stubs.gocardlessPaymentAction({ url: sink, secret: credentials.secrets.webhook_secret, paymentId: providerPaymentId as string, action: 'paid_out' });
      expect(await gc.parseWebhook(credentials, Buffer.from(paid.sent.body), paid.sent.headers)).toEqual([
        {
          kind: 'payment',
          eventId: JSON.parse(paid.sent.body).events[0].id,
          providerPaymentId,
          status: 'paid_out',
          payableStatus: 'succeeded',
          metadata: { lago_customer_id: customer.lagoCustomerId, lago_payable_id: 'pr-1', lago_payable_type: 'PaymentRequest' },
          error: null,
        },
      ]);
      const failed = await stubs.gocardlessPaymentAction({ url: sink, secret: credentials.secrets.webhook_secret, paymentId: providerPaymentId as string, action: 'failed' });
      const [failure] = await gc.parseWebhook(credentials, Buffer.from(failed.sent.body), failed.sent.headers);
      expect(failure).toMatchObject({ status: 'failed', payableStatus: 'failed', error: { message: "The customer's account had insufficient funds to make this payment.", code: 'insufficient_funds' } });
    });

    it('reduces every event of a batch: api-cancelled mandates removed, the rest ignored', async () => {
      const delivery = await stubs.gocardlessEvents({
        url: sink,
        secret: credentials.secrets.webhook_secret,
        events: [
          { id: 'EV1', resource_type: 'payments', action: 'confirmed', links: { payment: 'PM1' } },
          { id: 'EV2', resource_type: 'mandates', action: 'cancelled', links: { mandate: 'MD1' }, details: { origin: 'api', cause: 'mandate_cancelled', description: 'Cancelled via the API.' } },
          { id: 'EV3', resource_type: 'mandates', action: 'cancelled', links: { mandate: 'MD2' }, details: { origin: 'bank', cause: 'bank_account_closed', description: 'Closed.' } },
          { id: 'EV4', resource_type: 'refunds', action: 'paid', links: { refund: 'RF1' } },
          { id: 'EV5', resource_type: 'mandates', action: 'created', links: { mandate: 'MD_UNKNOWN' } },
        ],
      });
      const events = await gc.parseWebhook(credentials, Buffer.from(delivery.sent.body), delivery.sent.headers);
      expect(events.map((e) => e.kind)).toEqual(['ignored', 'payment_method_removed', 'ignored', 'ignored', 'ignored']);
      expect(events[1]).toEqual({ kind: 'payment_method_removed', eventId: 'EV2', providerCustomerId: null, paymentMethodId: 'MD1' });
      expect(events[4]).toMatchObject({ eventId: 'EV5', reason: expect.stringContaining('Resource not found') });
    });

    it('throws ProviderUnavailableError when the mandate cannot be read in time', async () => {
      const impatient = new GoCardlessProvider({ gocardless: stubs.endpoints.gocardless, timeoutMs: 1000 }, false);
      stubs.addFault({ provider: 'gocardless', method: 'GET', pathPrefix: '/mandates', kind: 'hang', hangMs: 4000 });
      const [body, headers] = signed({ events: [{ id: 'EV9', resource_type: 'mandates', action: 'created', links: { mandate: 'MD9' }, details: {}, metadata: {} }] });
      await expect(impatient.parseWebhook(credentials, body, headers)).rejects.toBeInstanceOf(ProviderUnavailableError);
    });

    it('rejects a wrong secret, a tampered body, a missing header or secret', async () => {
      const [body, headers] = signed({ events: [{ id: 'EV1', resource_type: 'payments', action: 'paid_out', links: { payment: 'PM1' } }] });
      const attempts: Array<[Buffer, Record<string, string>, ProviderCredentials]> = [
        [body, { 'webhook-signature': signGoCardless(body.toString(), 'another-secret') }, credentials],
        [Buffer.from(body.toString().replace('PM1', 'PM2')), headers, credentials],
        [body, {}, credentials],
        [body, headers, { ...credentials, secrets: { access_token: credentials.secrets.access_token } }],
        [Buffer.from('not json'), { 'webhook-signature': signGoCardless('not json', credentials.secrets.webhook_secret) }, credentials],
      ];
      for (const [raw, hdrs, creds] of attempts) {
        await expect(gc.parseWebhook(creds, raw, hdrs)).rejects.toBeInstanceOf(InvalidWebhookSignatureError);
      }
      await expect(gc.parseWebhook(credentials, body, headers)).resolves.toMatchObject([{ kind: 'payment', providerPaymentId: 'PM1' }]);
    });
  });
});
