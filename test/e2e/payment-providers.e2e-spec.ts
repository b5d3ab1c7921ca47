import { expectEventually, query } from '@app/test-support';
import { gatewayClient, TestStack, type SeededOrganization, lagoInvalid } from './support/test-stack';

jest.setTimeout(120_000);

/**
 * Provider connections (`/api/v1/payment_providers`, owned by payment-sync) and the provider keys
 * of a customer's billing_configuration (spec/customers.md 3.10, AC-05, 06, 27–30).
 */
describe('payment providers and billing_configuration, end to end', () => {
  let stack: TestStack;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let api: ReturnType<typeof gatewayClient>;

  beforeAll(async () => {
    stack = await TestStack.start();
    org = await stack.seedOrganization('Providers Org');
    other = await stack.seedOrganization('Other Providers Org');
    api = gatewayClient(stack.gatewayUrl, org.apiKey);
    for (const provider of [
      { code: 'S', name: 'Stripe EU', provider_type: 'stripe', secret_key: 'sk_test_S_secret', webhook_secret: 'whsec_S' },
      { code: 'stripe_1', name: 'Stripe US', provider_type: 'stripe', secret_key: 'sk_test_1_secret' },
      { code: 'gocardless_1', name: 'GoCardless', provider_type: 'gocardless', access_token: 'gc_token_secret' },
    ]) {
      expect((await api('POST', '/api/v1/payment_providers', { payment_provider: provider })).status).toBe(200);
    }
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const upsert = (customer: Record<string, unknown>) => api('POST', '/api/v1/customers', { customer });
  const count = async (externalId: string) =>
    (await query<{ n: number }>(stack.databases.customers.url, 'select count(*)::int as n from customers where external_id = $1', [externalId]))[0]!.n;

  describe('connections', () => {
    it('are created and listed without their secrets, which are sealed at rest', async () => {
      const created = await api('POST', '/api/v1/payment_providers', {
        payment_provider: { code: 'adyen_1', name: 'Adyen', provider_type: 'adyen', api_key: 'adyen_api_secret', merchant_account: 'Merchant1', hmac_key: 'AABBCC' },
      });
      expect(created.status).toBe(200);
      expect(created.body.payment_provider).toMatchObject({
        code: 'adyen_1',
        name: 'Adyen',
        provider_type: 'adyen',
        settings: { merchant_account: 'Merchant1' },
        secrets_set: ['api_key', 'hmac_key'],
        success_redirect_url: null,
      });
      const list = await api('GET', '/api/v1/payment_providers');
      expect(list.body.meta.total_count).toBe(4);
      expect(list.body.payment_providers.map((p: { code: string }) => p.code)).toEqual(['adyen_1', 'gocardless_1', 'stripe_1', 'S']);
      const everything = JSON.stringify([created.body, list.body, (await api('GET', '/api/v1/payment_providers/S')).body]);
      for (const secret of ['adyen_api_secret', 'AABBCC', 'sk_test_S_secret', 'whsec_S', 'gc_token_secret']) expect(everything).not.toContain(secret);
      // This organization's rows: a stack that starts within the RPC deadline of the previous one also serves that one's last requests.
      const rows = await query<{ sealed_secrets: string }>(stack.databases['payment-sync'].url, 'select sealed_secrets from provider_connections where organization_id = $1', [org.id]);
      expect(rows).toHaveLength(4);
      for (const row of rows) for (const secret of ['adyen_api_secret', 'sk_test_S_secret', 'gc_token_secret']) expect(row.sealed_secrets).not.toContain(secret);
    });

    it('refuse a missing type, missing secrets and a taken code, writing nothing', async () => {
      expect(await api('POST', '/api/v1/payment_providers', { payment_provider: { code: 'x', name: 'X' } })).toEqual(lagoInvalid({ provider_type: ['value_is_mandatory'] }));
      expect(await api('POST', '/api/v1/payment_providers', { payment_provider: { code: 'x', name: 'X', provider_type: 'adyen', api_key: 'k' } })).toEqual(
        lagoInvalid({ merchant_account: ['value_is_mandatory'] }),
      );
      expect(await api('POST', '/api/v1/payment_providers', { payment_provider: { code: 'x', name: 'X', provider_type: 'paypal' } })).toEqual(
        lagoInvalid({ provider_type: ['value_is_invalid'] }),
      );
      expect(await api('POST', '/api/v1/payment_providers', { payment_provider: { code: 'S', name: 'Again', provider_type: 'stripe', secret_key: 'sk' } })).toEqual(
        lagoInvalid({ code: ['value_already_exist'] }),
      );
      expect(await api('POST', '/api/v1/payment_providers', { nope: {} })).toEqual({
        status: 400,
        body: { status: 400, error: 'BadRequest: param is missing or the value is empty or invalid: payment_provider' },
      });
      expect((await api('GET', '/api/v1/payment_providers/x')).body).toEqual({ status: 404, error: 'Not Found', code: 'payment_provider_not_found' });
    });

    it('are updated (secrets replaced, never shown) and deleted; another organization sees none of them', async () => {
      await api('POST', '/api/v1/payment_providers', { payment_provider: { code: 'tmp', name: 'Tmp', provider_type: 'gocardless', access_token: 'old' } });
      const updated = await api('PUT', '/api/v1/payment_providers/tmp', { payment_provider: { name: 'Renamed', webhook_secret: 'gc_whsec', success_redirect_url: 'https://example.com/done' } });
      expect(updated.body.payment_provider).toMatchObject({ name: 'Renamed', secrets_set: ['access_token', 'webhook_secret'], success_redirect_url: 'https://example.com/done' });
      expect(await api('PUT', '/api/v1/payment_providers/tmp', { payment_provider: { access_token: null } })).toEqual(lagoInvalid({ access_token: ['value_is_mandatory'] }));
      const otherApi = gatewayClient(stack.gatewayUrl, other.apiKey);
      expect((await otherApi('GET', '/api/v1/payment_providers')).body.meta.total_count).toBe(0);
      expect((await otherApi('GET', '/api/v1/payment_providers/tmp')).status).toBe(404);
      expect((await otherApi('DELETE', '/api/v1/payment_providers/tmp')).status).toBe(404);
      expect((await api('DELETE', '/api/v1/payment_providers/tmp')).body.payment_provider.code).toBe('tmp');
      expect((await api('GET', '/api/v1/payment_providers/tmp')).status).toBe(404);
    });
  });

  describe('billing_configuration', () => {
    const base = {
      invoice_grace_period: 3,
      subscription_invoice_issuing_date_anchor: 'current_period_end',
      subscription_invoice_issuing_date_adjustment: 'keep_anchor',
      payment_provider: 'stripe',
      payment_provider_code: 'S',
      provider_customer_id: 'stripe_id',
      document_locale: 'fr',
    };

    it('AC-05: a Stripe link with the default methods', async () => {
      const res = await upsert({ external_id: 'p-05', name: 'P', billing_configuration: base });
      expect(res.status).toBe(200);
      expect(res.body.customer.billing_configuration).toEqual({
        invoice_grace_period: 3,
        payment_provider: 'stripe',
        payment_provider_code: 'S',
        document_locale: 'fr',
        subscription_invoice_issuing_date_anchor: 'current_period_end',
        subscription_invoice_issuing_date_adjustment: 'keep_anchor',
        provider_customer_id: 'stripe_id',
        provider_payment_methods: ['card'],
      });
      expect((await api('GET', '/api/v1/customers/p-05')).body.customer.billing_configuration.provider_customer_id).toBe('stripe_id');
      // payment-sync's replica learns the provider from customer.upserted.
      await expectEventually(async () => {
        const rows = await query(stack.databases['payment-sync'].url, 'select payment_provider, payment_provider_code from customer_replicas where id = $1', [res.body.customer.lago_id]);
        expect(rows).toEqual([{ payment_provider: 'stripe', payment_provider_code: 'S' }]);
      });
    });

    it('AC-06: the methods sent are echoed in order; bad methods are refused', async () => {
      const both = await upsert({ external_id: 'p-06', billing_configuration: { ...base, provider_payment_methods: ['card', 'sepa_debit'] } });
      expect(both.body.customer.billing_configuration.provider_payment_methods).toEqual(['card', 'sepa_debit']);
      const sepa = await upsert({ external_id: 'p-06b', billing_configuration: { ...base, provider_payment_methods: ['sepa_debit'] } });
      expect(sepa.body.customer.billing_configuration.provider_payment_methods).toEqual(['sepa_debit']);
      expect(await upsert({ external_id: 'p-06c', billing_configuration: { ...base, provider_payment_methods: ['cash'] } })).toEqual(lagoInvalid({ provider_payment_methods: ['value_is_invalid'] }));
      expect(await upsert({ external_id: 'p-06c', billing_configuration: { ...base, provider_payment_methods: ['link'] } })).toEqual(lagoInvalid({ provider_payment_methods: ['value_is_invalid'] }));
      expect(await upsert({ external_id: 'p-06c', billing_configuration: { ...base, provider_payment_methods: ['customer_balance', 'card'] } })).toEqual(
        lagoInvalid({ provider_payment_methods: ['customer_balance cannot be combined with other payment methods'] }),
      );
      expect(await count('p-06c')).toBe(0);
    });

    it('AC-27: an unknown connection is payment_provider_not_found and nothing is written', async () => {
      await api('DELETE', '/api/v1/payment_providers/stripe_1');
      expect(await upsert({ external_id: 'p-27', billing_configuration: { payment_provider: 'stripe', payment_provider_code: 'stripe_1', provider_customer_id: 'stripe_id' } })).toEqual(
        lagoInvalid({ base: ['payment_provider_not_found'] }),
      );
      expect(await count('p-27')).toBe(0);
      expect((await upsert({ external_id: 'p-27b', name: 'No provider' })).status).toBe(200);
      expect(await upsert({ external_id: 'p-27b', billing_configuration: { payment_provider: 'foo', provider_customer_id: 'x' } })).toEqual(
        lagoInvalid({ base: ['payment_provider_not_found'] }),
      );
      await api('POST', '/api/v1/payment_providers', { payment_provider: { code: 'stripe_1', name: 'Stripe US', provider_type: 'stripe', secret_key: 'sk_test_1_secret' } });
    });

    it('several connections of a type and no code is payment_provider_code_missing', async () => {
      expect(await upsert({ external_id: 'p-cm', billing_configuration: { payment_provider: 'stripe', sync_with_provider: true } })).toEqual(
        lagoInvalid({ base: ['payment_provider_code_missing'] }),
      );
      const gc = await upsert({ external_id: 'p-cm', billing_configuration: { payment_provider: 'gocardless', sync_with_provider: true } });
      expect(gc.body.customer.billing_configuration).toMatchObject({ payment_provider: 'gocardless', payment_provider_code: 'gocardless_1', provider_customer_id: null, sync_with_provider: true });
    });

    it('AC-28: an unknown provider without an id is ignored', async () => {
      const res = await upsert({ external_id: 'p-28', billing_configuration: { payment_provider: 'foo' } });
      expect(res.status).toBe(200);
      expect(res.body.customer.billing_configuration).toMatchObject({ payment_provider: null, payment_provider_code: null });
      expect(res.body.customer.billing_configuration).not.toHaveProperty('provider_customer_id');
    });

    it('AC-29: null removes the provider and its account', async () => {
      await upsert({ external_id: 'p-29', billing_configuration: { payment_provider: 'stripe', payment_provider_code: 'stripe_1', provider_customer_id: 'cus_29', provider_payment_methods: ['card', 'sepa_debit'] } });
      const res = await upsert({ external_id: 'p-29', billing_configuration: { payment_provider: null } });
      expect(res.status).toBe(200);
      expect(res.body.customer.billing_configuration).toEqual({
        invoice_grace_period: null,
        payment_provider: null,
        payment_provider_code: null,
        document_locale: null,
        subscription_invoice_issuing_date_anchor: null,
        subscription_invoice_issuing_date_adjustment: null,
      });
      // The account is gone: linking Stripe again starts from the defaults.
      const again = await upsert({ external_id: 'p-29', billing_configuration: { payment_provider: 'stripe', payment_provider_code: 'stripe_1', provider_customer_id: 'cus_29b' } });
      expect(again.body.customer.billing_configuration).toMatchObject({ provider_customer_id: 'cus_29b', provider_payment_methods: ['card'] });
    });

    it('AC-30: switching to gocardless keeps the stripe account', async () => {
      await upsert({ external_id: 'p-30', billing_configuration: { payment_provider: 'stripe', payment_provider_code: 'stripe_1', provider_customer_id: 'cus_30', provider_payment_methods: ['sepa_debit'] } });
      const switched = await upsert({ external_id: 'p-30', billing_configuration: { payment_provider: 'gocardless', payment_provider_code: 'gocardless_1', provider_customer_id: 'gocardless_id' } });
      expect(switched.status).toBe(200);
      expect(switched.body.customer.billing_configuration).toMatchObject({ payment_provider: 'gocardless', payment_provider_code: 'gocardless_1', provider_customer_id: 'gocardless_id' });
      expect(switched.body.customer.billing_configuration).not.toHaveProperty('provider_payment_methods');
      const back = await upsert({ external_id: 'p-30', billing_configuration: { payment_provider: 'stripe', payment_provider_code: 'stripe_1' } });
      expect(back.body.customer.billing_configuration).toMatchObject({ payment_provider: 'stripe', provider_customer_id: 'cus_30', provider_payment_methods: ['sepa_debit'] });
    });

    it("another organization's connection code is unknown here", async () => {
      const otherApi = gatewayClient(stack.gatewayUrl, other.apiKey);
      expect(
        await otherApi('POST', '/api/v1/customers', { customer: { external_id: 'p-x', billing_configuration: { payment_provider: 'stripe', payment_provider_code: 'S', provider_customer_id: 'c' } } }),
      ).toEqual(lagoInvalid({ base: ['payment_provider_not_found'] }));
    });
  });
});
