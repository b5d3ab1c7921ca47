import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { PAYMENT_EVENTS, TOPICS } from '@app/contracts';
import { kafkaClientConfig, parseBrokers } from '@app/messaging';
import { expectEventually, query } from '@app/test-support';
import { gatewayClient, lagoInvalid, TestStack, type SeededOrganization } from './support/test-stack';

jest.setTimeout(180_000);

/**
 * Add-ons, one-off invoices, the overdue sweep and payment requests through the gateway
 * (spec/payment-requests.md), and payment outcomes consumed from billing.payments.v1.
 */
describe('invoices and payment requests, end to end', () => {
  let stack: TestStack;
  let org: SeededOrganization;
  let api: ReturnType<typeof gatewayClient>;
  const notAllowed = (code: string) => ({ status: 405, body: { status: 405, error: 'Method Not Allowed', code } });
  const notFound = (code: string) => ({ status: 404, body: { status: 404, error: 'Not Found', code } });
  const invoicing = (sql: string, params: unknown[] = []) => query<Record<string, any>>(stack.databases.invoicing.url, sql, params);

  beforeAll(async () => {
    stack = await TestStack.start();
    org = await stack.seedOrganization('Invoice Org');
    api = gatewayClient(stack.gatewayUrl, org.apiKey);
    expect((await api('POST', '/api/v1/taxes', { tax: { name: 'VAT', code: 'vat_20', rate: 20 } })).status).toBe(200);
    expect((await api('POST', '/api/v1/taxes', { tax: { name: 'Default', code: 'default_20', rate: '20', applied_to_organization: true } })).status).toBe(200);
    for (const addOn of [
      { name: 'Setup', code: 'setup', amount_cents: 1000, amount_currency: 'EUR', description: 'setup fee' },
      { name: 'Support', code: 'support', amount_cents: 400, amount_currency: 'EUR' },
    ]) {
      expect((await api('POST', '/api/v1/add_ons', { add_on: addOn })).status).toBe(200);
    }
    for (const customer of [
      { external_id: 'c-due', name: 'Due Now', currency: 'EUR', net_payment_term: 0, email: 'billing@due.test' },
      { external_id: 'c-later', name: 'Due Later', currency: 'EUR', net_payment_term: 30 },
    ]) {
      expect((await api('POST', '/api/v1/customers', { customer })).status).toBe(200);
    }
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const oneOff = (external_customer_id: string, fees: unknown[], extra: Record<string, unknown> = {}) =>
    api('POST', '/api/v1/invoices', { invoice: { external_customer_id, fees, ...extra } });
  const overdueInvoice = async (fees: unknown[] = [{ add_on_code: 'support' }], extra: Record<string, unknown> = {}) => {
    const res = await oneOff('c-due', fees, extra);
    expect(res.status).toBe(200);
    await expectEventually(async () => expect((await api('GET', `/api/v1/invoices/${res.body.invoice.lago_id}`)).body.invoice.payment_overdue).toBe(true));
    return res.body.invoice as Record<string, any>;
  };

  /** A payment outcome as payment-sync publishes it on billing.payments.v1, for a payment request. */
  const paymentEvent = (organizationId: string, type: string, payableId: string, status: string, amount: number, key: string = randomUUID(), payable = status === 'succeeded' ? 'succeeded' : 'failed') => ({
    key,
    value: JSON.stringify({
      event_id: randomUUID(),
      event_type: type,
      event_version: 1,
      occurred_at: new Date().toISOString(),
      organization_id: organizationId,
      producer: 'payment-sync',
      correlation_id: null,
      payload: {
        lago_id: randomUUID(), payable_type: 'PaymentRequest', lago_payable_id: payableId, amount_cents: amount, amount_currency: 'EUR',
        status, payable_payment_status: payable, payment_provider: 'stripe', created_at: new Date().toISOString(),
      },
    }),
  });
  const publishPayments = async (messages: { key: string; value: string }[]) => {
    const producer = new Kafka(kafkaClientConfig({ brokers: parseBrokers(process.env.TEST_KAFKA_BROKERS!), clientId: `e2e-payments-${randomUUID()}` })).producer();
    await producer.connect();
    try {
      await producer.send({ topic: TOPICS.payments, messages });
    } finally {
      await producer.disconnect();
    }
  };

  describe('add-ons', () => {
    it('are created, read, listed, updated and deleted, with their taxes; bad input is refused', async () => {
      const created = await api('POST', '/api/v1/add_ons', { add_on: { name: 'Taxed', code: 'taxed', amount_cents: '250', amount_currency: 'EUR', tax_codes: ['vat_20'] } });
      expect(created.status).toBe(200);
      expect(created.body.add_on).toMatchObject({ name: 'Taxed', code: 'taxed', amount_cents: 250, amount_currency: 'EUR', invoice_display_name: null, description: null });
      expect(created.body.add_on.taxes.map((t: { code: string }) => t.code)).toEqual(['vat_20']);
      expect(await api('POST', '/api/v1/add_ons', { add_on: { name: 'Again', code: 'taxed', amount_cents: 1, amount_currency: 'EUR' } })).toEqual(lagoInvalid({ code: ['value_already_exist'] }));
      expect(await api('POST', '/api/v1/add_ons', { add_on: { code: 'x', amount_cents: 0, amount_currency: 'eur' } })).toEqual(
        lagoInvalid({ amount_cents: ['value_is_out_of_range'], amount_currency: ['value_is_invalid'], name: ['value_is_mandatory'] }),
      );
      expect(await api('POST', '/api/v1/add_ons', { add_on: { name: 'T', code: 't2', amount_cents: 1, amount_currency: 'EUR', tax_codes: ['nope'] } })).toEqual(notFound('tax_not_found'));
      expect((await api('GET', '/api/v1/add_ons/t2')).status).toBe(404);
      expect((await api('GET', '/api/v1/taxes/vat_20')).body.tax.add_ons_count).toBe(1);
      // Deleting a tax takes it off the add-ons that carried it, as Lago does.
      expect((await api('POST', '/api/v1/taxes', { tax: { name: 'Temp', code: 'temp', rate: 5 } })).status).toBe(200);
      expect((await api('POST', '/api/v1/add_ons', { add_on: { name: 'Tmp', code: 'tmp', amount_cents: 1, amount_currency: 'EUR', tax_codes: ['temp', 'vat_20'] } })).status).toBe(200);
      expect((await api('DELETE', '/api/v1/taxes/temp')).status).toBe(200);
      expect((await api('GET', '/api/v1/add_ons/tmp')).body.add_on.taxes.map((t: { code: string }) => t.code)).toEqual(['vat_20']);
      expect((await api('DELETE', '/api/v1/add_ons/tmp')).status).toBe(200);
      const updated = await api('PUT', '/api/v1/add_ons/taxed', { add_on: { amount_cents: 300, tax_codes: [] } });
      expect(updated.body.add_on).toMatchObject({ amount_cents: 300, taxes: [] });
      expect((await api('GET', '/api/v1/taxes/vat_20')).body.tax.add_ons_count).toBe(0);
      expect((await api('GET', '/api/v1/add_ons')).body.meta.total_count).toBe(3);
      expect((await api('DELETE', '/api/v1/add_ons/taxed')).body.add_on.code).toBe('taxed');
      expect(await api('GET', '/api/v1/add_ons/taxed')).toEqual(notFound('add_on_not_found'));
    });
  });

  describe('one-off invoices', () => {
    it('AC-34: computes Lago’s amounts with fee, add-on and default taxes, numbered and finalized', async () => {
      const res = await oneOff('c-later', [
        { add_on_code: 'setup', unit_amount_cents: 1200, units: 2, description: 'desc-123', tax_codes: ['vat_20'] },
        { add_on_code: 'support' },
      ]);
      expect(res.status).toBe(200);
      const invoice = res.body.invoice;
      const today = new Date().toISOString().slice(0, 10);
      expect(invoice).toMatchObject({
        invoice_type: 'one_off',
        status: 'finalized',
        payment_status: 'pending',
        payment_overdue: false,
        currency: 'EUR',
        issuing_date: today,
        net_payment_term: 30,
        fees_amount_cents: 2800,
        taxes_amount_cents: 560,
        sub_total_excluding_taxes_amount_cents: 2800,
        sub_total_including_taxes_amount_cents: 3360,
        total_amount_cents: 3360,
        total_due_amount_cents: 3360,
        total_paid_amount_cents: 0,
        sequential_id: 1,
        number: `${org.documentNumberPrefix}-002-001`,
      });
      expect(Date.parse(invoice.payment_due_date) - Date.parse(today)).toBe(30 * 86_400_000);
      expect(invoice.fees.map((f: any) => [f.item.code, f.amount_cents, f.units, f.description, f.taxes_amount_cents])).toEqual([
        ['setup', 2400, '2', 'desc-123', 480],
        ['support', 400, '1', null, 80],
      ]);
      expect(invoice.applied_taxes.map((t: any) => [t.tax_code, t.amount_cents, t.fees_amount_cents])).toEqual([
        ['vat_20', 480, 2400],
        ['default_20', 80, 400],
      ]);
      expect(invoice.customer.external_id).toBe('c-later');
      const events = await invoicing("select event_type from outbox where key = $1", [invoice.lago_id]);
      expect(events).toEqual([{ event_type: 'invoice.created' }]);
      // The next invoice of the customer takes the next number.
      expect((await oneOff('c-later', [{ add_on_code: 'support' }])).body.invoice.number).toBe(`${org.documentNumberPrefix}-002-002`);
    });

    it('AC-35: refuses unknown customers, fees, add-ons, entities, missing currency and bad boundaries, writing nothing', async () => {
      const before = (await invoicing('select count(*)::int as n from invoices'))[0]!.n;
      expect(await oneOff('nobody', [{ add_on_code: 'setup' }])).toEqual(notFound('customer_not_found'));
      expect(await api('POST', '/api/v1/invoices', { invoice: { external_customer_id: 'c-due' } })).toEqual(notFound('fees_not_found'));
      expect(await oneOff('c-due', [{ add_on_code: 'setup' }, { add_on_code: 'ghost' }])).toEqual(notFound('add_on_not_found'));
      expect(await oneOff('c-due', [{ add_on_code: 'setup' }], { billing_entity_code: 'other' })).toEqual(notFound('billing_entity_not_found'));
      expect((await api('POST', '/api/v1/customers', { customer: { external_id: 'c-nocur' } })).status).toBe(200);
      expect(await oneOff('c-nocur', [{ add_on_code: 'setup' }])).toEqual(lagoInvalid({ currency: ['value_is_mandatory'] }));
      expect(await oneOff('c-due', [{ add_on_code: 'setup', from_datetime: '2026-01-01T00:00:00Z' }])).toEqual(lagoInvalid({ boundaries: ['values_are_invalid'] }));
      expect(await oneOff('c-due', [{ add_on_code: 'setup', units: -1 }])).toEqual(lagoInvalid({ units: ['value_is_out_of_range'] }));
      expect(await api('POST', '/api/v1/invoices', { nope: 1 })).toEqual({ status: 400, body: { status: 400, error: 'BadRequest: param is missing or the value is empty or invalid: invoice' } });
      expect((await invoicing('select count(*)::int as n from invoices'))[0]!.n).toBe(before);
    });

    it('a customer without a currency takes the currency of its first invoice (spec §7.6)', async () => {
      expect((await api('POST', '/api/v1/customers', { customer: { external_id: 'c-adopt' } })).status).toBe(200);
      expect((await oneOff('c-adopt', [{ add_on_code: 'support' }], { currency: 'USD' })).body.invoice.currency).toBe('USD');
      await expectEventually(async () => expect((await api('GET', '/api/v1/customers/c-adopt')).body.customer.currency).toBe('USD'));
      // The next invoice needs no currency; a customer with one keeps it whatever its invoices use.
      expect((await oneOff('c-adopt', [{ add_on_code: 'support' }])).body.invoice.currency).toBe('USD');
      expect((await oneOff('c-adopt', [{ add_on_code: 'support' }], { currency: 'GBP' })).body.invoice.currency).toBe('GBP');
      await expectEventually(async () => expect((await api('GET', '/api/v1/customers/c-adopt')).body.customer.currency).toBe('USD'));
      const customers = await query<{ n: number }>(stack.databases.customers.url, "select count(*)::int as n from outbox where event_type = 'customer.upserted' and key = (select id::text from customers where external_id = 'c-adopt')");
      expect(customers[0]!.n).toBe(2);
    });

    it('AC-36: a zero-amount invoice is finalized and already paid', async () => {
      const res = await oneOff('c-later', [{ add_on_code: 'setup', unit_amount_cents: 0, units: 2 }]);
      expect(res.body.invoice).toMatchObject({ status: 'finalized', payment_status: 'succeeded', total_amount_cents: 0, taxes_amount_cents: 0 });
    });

    it('AC-38: PUT payment_status; bad values and unknown ids are refused', async () => {
      const invoice = await overdueInvoice();
      const paid = await api('PUT', `/api/v1/invoices/${invoice.lago_id}`, { invoice: { payment_status: 'succeeded' } });
      expect(paid.body.invoice).toMatchObject({ payment_status: 'succeeded', payment_overdue: false, total_paid_amount_cents: 0 });
      expect(await api('PUT', `/api/v1/invoices/${invoice.lago_id}`, { invoice: { payment_status: 'Foo Bar' } })).toEqual(lagoInvalid({ payment_status: ['value_is_invalid'] }));
      expect(await api('PUT', `/api/v1/invoices/${randomUUID()}`, { invoice: { payment_status: 'failed' } })).toEqual(notFound('invoice_not_found'));
      expect(await api('GET', '/api/v1/invoices/not-a-uuid')).toEqual(notFound('invoice_not_found'));
      const events = await invoicing('select event_type from outbox where key = $1 order by seq', [invoice.lago_id]);
      expect(events.map((e) => e.event_type)).toEqual(['invoice.created', 'invoice.payment_overdue', 'invoice.payment_status_updated']);
      // Lago's order: an unknown id is 404 even with a bad value; a voided invoice refuses any update.
      expect(await api('PUT', `/api/v1/invoices/${randomUUID()}`, { invoice: { payment_status: 'Foo Bar' } })).toEqual(notFound('invoice_not_found'));
      const voided = await api('POST', `/api/v1/invoices/${invoice.lago_id}/void`);
      expect(voided.body.invoice).toMatchObject({ status: 'voided', total_due_amount_cents: 0, payment_overdue: false });
      expect(await api('PUT', `/api/v1/invoices/${invoice.lago_id}`, { invoice: { payment_status: 'failed' } })).toEqual(notAllowed('update_on_voided_invoice'));
    });

    it('AC-33: void and lost dispute take an invoice out of collection; the sweep never flags it again', async () => {
      const disputed = await overdueInvoice();
      const lost = await api('POST', `/api/v1/invoices/${disputed.lago_id}/lose_dispute`);
      expect(lost.status).toBe(200);
      expect(lost.body.invoice).toMatchObject({ status: 'finalized', payment_overdue: false, payment_status: 'pending' });
      expect(Date.parse(lost.body.invoice.payment_dispute_lost_at)).not.toBeNaN();
      // Losing it again keeps the first date.
      expect((await api('POST', `/api/v1/invoices/${disputed.lago_id}/lose_dispute`)).body.invoice.payment_dispute_lost_at).toBe(lost.body.invoice.payment_dispute_lost_at);

      const voided = await overdueInvoice();
      const res = await api('POST', `/api/v1/invoices/${voided.lago_id}/void`);
      expect(res.body.invoice).toMatchObject({ status: 'voided', payment_overdue: false, total_due_amount_cents: 0, number: voided.number });
      expect(Date.parse(res.body.invoice.voided_at)).not.toBeNaN();
      expect(await api('POST', `/api/v1/invoices/${voided.lago_id}/void`)).toEqual(notAllowed('not_voidable'));
      expect(await api('POST', `/api/v1/invoices/${randomUUID()}/void`)).toEqual(notFound('invoice_not_found'));
      expect(await api('POST', `/api/v1/invoices/${randomUUID()}/lose_dispute`)).toEqual(notFound('invoice_not_found'));
      expect((await api('POST', `/api/v1/invoices/${voided.lago_id}/lose_dispute`)).body.invoice.payment_overdue).toBe(false);

      // A sweep that ran after both (it flags a newer invoice) left them alone.
      await overdueInvoice();
      for (const id of [disputed.lago_id, voided.lago_id]) expect((await api('GET', `/api/v1/invoices/${id}`)).body.invoice.payment_overdue).toBe(false);
      const create = (id: string) => api('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: 'c-due', lago_invoice_ids: [id] } });
      expect(await create(disputed.lago_id)).toEqual(notAllowed('invoices_not_overdue'));
      expect(await create(voided.lago_id)).toEqual(notAllowed('invoices_not_overdue'));
      const events = await invoicing('select event_type from outbox where key = $1 order by seq', [voided.lago_id]);
      expect(events.map((e) => e.event_type)).toEqual(['invoice.created', 'invoice.payment_overdue', 'invoice.voided', 'invoice.payment_dispute_lost']);
    });

    it('PUT metadata: created, updated by id, deleted when left out, with Lago’s refusals', async () => {
      const invoice = (await oneOff('c-later', [{ add_on_code: 'support' }])).body.invoice;
      const put = (body: Record<string, unknown>) => api('PUT', `/api/v1/invoices/${invoice.lago_id}`, { invoice: body });
      const first = await put({ metadata: [{ key: 'po', value: '42' }, { key: 'team', value: 7 }] });
      expect(first.status).toBe(200);
      expect(first.body.invoice.metadata.map((m: any) => [m.key, m.value])).toEqual([['po', '42'], ['team', '7']]);
      const po = first.body.invoice.metadata[0];
      expect(Object.keys(po)).toEqual(['lago_id', 'key', 'value', 'created_at']);
      const second = await put({ metadata: [{ id: po.lago_id, key: 'po', value: '43' }, { key: 'cost_center', value: 'ops' }] });
      expect(second.body.invoice.metadata.map((m: any) => [m.lago_id === po.lago_id, m.key, m.value])).toEqual([[true, 'po', '43'], [false, 'cost_center', 'ops']]);
      // A new entry reusing a key that is still stored is a duplicate, as in Lago; nothing changes.
      expect(await put({ metadata: [{ key: 'po', value: 'x' }] })).toEqual(lagoInvalid({ key: ['value_already_exist'] }));
      expect(await put({ metadata: Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, value: 'v' })) })).toEqual(lagoInvalid({ metadata: ['invalid_count'] }));
      expect(await put({ metadata: [{ key: 'k'.repeat(21), value: '' }] })).toEqual(lagoInvalid({ key: ['value_is_too_long'], value: ['value_is_mandatory'] }));
      expect(await put({ payment_status: 'nope', metadata: [] })).toEqual(lagoInvalid({ payment_status: ['value_is_invalid'] }));
      expect((await api('GET', `/api/v1/invoices/${invoice.lago_id}`)).body.invoice.metadata.map((m: any) => m.value)).toEqual(['43', 'ops']);
      // Metadata alone publishes nothing; an empty list deletes everything.
      expect((await put({ metadata: [] })).body.invoice).toMatchObject({ metadata: [], payment_status: 'pending' });
      const events = await invoicing('select event_type from outbox where key = $1', [invoice.lago_id]);
      expect(events.map((e) => e.event_type)).toEqual(['invoice.created']);
    });

    it('AC-37: with per_billing_entity numbering, invoices share one counter per billing entity and month', async () => {
      const other = await stack.seedOrganization('Entity Numbering');
      const updated = JSON.parse(await stack.cli('organization:update', '--organization', other.id, '--document-numbering', 'per_billing_entity'));
      expect(updated).toMatchObject({ organization_id: other.id, document_numbering: 'per_billing_entity' });
      await expect(stack.cli('organization:update', '--organization', other.id, '--document-numbering', 'monthly')).rejects.toThrow(/per_customer, per_billing_entity/);
      const client = gatewayClient(stack.gatewayUrl, other.apiKey);
      expect((await client('POST', '/api/v1/add_ons', { add_on: { name: 'Fee', code: 'fee', amount_cents: 100, amount_currency: 'EUR' } })).status).toBe(200);
      const numbers: string[] = [];
      for (const external_id of ['n-1', 'n-2', 'n-1']) {
        expect((await client('POST', '/api/v1/customers', { customer: { external_id, currency: 'EUR' } })).status).toBe(200);
        const res = await client('POST', '/api/v1/invoices', { invoice: { external_customer_id: external_id, fees: [{ add_on_code: 'fee' }] } });
        numbers.push(res.body.invoice.number);
      }
      const month = new Date().toISOString().slice(0, 7).replace('-', '');
      expect(numbers).toEqual([`${other.documentNumberPrefix}-${month}-001`, `${other.documentNumberPrefix}-${month}-002`, `${other.documentNumberPrefix}-${month}-003`]);
      // Back to per_customer: the customer's own counter (its second invoice) shows again.
      await stack.cli('organization:update', '--organization', other.id, '--document-numbering', 'per_customer');
      const res = await client('POST', '/api/v1/invoices', { invoice: { external_customer_id: 'n-1', fees: [{ add_on_code: 'fee' }] } });
      expect(res.body.invoice.number).toBe(`${other.documentNumberPrefix}-001-003`);
    });

    it('AC-08 (customers): a customer with an invoice is no longer editable, so account_type partner is ignored', async () => {
      expect((await api('POST', '/api/v1/customers', { customer: { external_id: 'c-08', currency: 'EUR' } })).status).toBe(200);
      expect((await oneOff('c-08', [{ add_on_code: 'support' }])).status).toBe(200);
      const res = await api('POST', '/api/v1/customers', { customer: { external_id: 'c-08', account_type: 'partner', name: 'Renamed' } });
      expect(res.body.customer).toMatchObject({ account_type: 'customer', name: 'Renamed' });
      expect(await api('POST', '/api/v1/customers', { customer: { external_id: 'c-08', account_type: 'invalid' } })).toEqual(lagoInvalid({ account_type: ['value_is_invalid'] }));
      expect((await api('POST', '/api/v1/customers', { customer: { external_id: 'c-08b', account_type: 'partner' } })).body.customer.account_type).toBe('partner');
    });

    it('lists with filters and pagination', async () => {
      const overdue = await api('GET', '/api/v1/invoices?external_customer_id=c-due&payment_overdue=true&per_page=1');
      expect(overdue.status).toBe(200);
      expect(overdue.body.invoices.every((i: any) => i.payment_overdue && i.customer.external_id === 'c-due')).toBe(true);
      const later = await api('GET', '/api/v1/invoices?external_customer_id=c-later');
      expect(later.body.meta.total_count).toBe(4);
      expect(await api('GET', '/api/v1/invoices?issuing_date_from=yesterday')).toEqual(lagoInvalid({ issuing_date_from: ['invalid_date'] }));
    });
  });

  describe('credit notes', () => {
    let cn: ReturnType<typeof gatewayClient>;
    let cnOrg: SeededOrganization;
    const dueInvoice = async (amount: number) => {
      const res = await cn('POST', '/api/v1/invoices', { invoice: { external_customer_id: 'cn-1', fees: [{ add_on_code: 'plain', unit_amount_cents: amount }] } });
      expect(res.status).toBe(200);
      await expectEventually(async () => expect((await cn('GET', `/api/v1/invoices/${res.body.invoice.lago_id}`)).body.invoice.payment_overdue).toBe(true));
      return res.body.invoice as Record<string, any>;
    };
    const note = (invoice: Record<string, any>, amount: number, parts: Record<string, unknown>) =>
      cn('POST', '/api/v1/credit_notes', { credit_note: { invoice_id: invoice.lago_id, reason: 'order_change', items: [{ fee_id: invoice.fees[0].lago_id, amount_cents: amount }], ...parts } });
    const pay = (invoice: Record<string, any>, amount: number) => cn('POST', '/api/v1/payments', { payment: { invoice_id: invoice.lago_id, amount_cents: amount, reference: 'wire' } });
    const request = (...invoices: Record<string, any>[]) => cn('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: 'cn-1', lago_invoice_ids: invoices.map((i) => i.lago_id) } });

    beforeAll(async () => {
      // An organization without default taxes, so amounts are the spec's round numbers.
      cnOrg = await stack.seedOrganization('Credit Org');
      cn = gatewayClient(stack.gatewayUrl, cnOrg.apiKey);
      expect((await cn('POST', '/api/v1/add_ons', { add_on: { name: 'Plain', code: 'plain', amount_cents: 100, amount_currency: 'EUR' } })).status).toBe(200);
      expect((await cn('POST', '/api/v1/customers', { customer: { external_id: 'cn-1', currency: 'EUR', net_payment_term: 0 } })).status).toBe(200);
    });

    it('AC-02, AC-30: finalized offsets lower what a payment request collects and what its success pays', async () => {
      const i1 = await dueInvoice(200);
      const i2 = await dueInvoice(500);
      expect((await pay(i1, 100)).status).toBe(200);
      expect((await pay(i2, 200)).status).toBe(200);
      const first = await note(i1, 50, { offset_amount_cents: 50 });
      expect(first.status).toBe(200);
      expect(first.body.credit_note).toMatchObject({
        number: `${i1.number}-CN001`,
        lago_invoice_id: i1.lago_id,
        invoice_number: i1.number,
        reason: 'order_change',
        credit_status: 'available',
        refund_status: null,
        currency: 'EUR',
        total_amount_cents: 50,
        taxes_amount_cents: 0,
        sub_total_excluding_taxes_amount_cents: 50,
        credit_amount_cents: 0,
        refund_amount_cents: 0,
        offset_amount_cents: 50,
        balance_amount_cents: 0,
        applied_taxes: [],
      });
      expect(first.body.credit_note.items).toEqual([expect.objectContaining({ amount_cents: 50, precise_amount_cents: '50.0', fee: expect.objectContaining({ lago_id: i1.fees[0].lago_id }) })]);
      expect((await note(i2, 100, { offset_amount_cents: 100 })).status).toBe(200);
      expect((await cn('GET', `/api/v1/invoices/${i1.lago_id}`)).body.invoice).toMatchObject({ total_offsetted_credit_note_amount_cents: 50, total_due_amount_cents: 50, payment_status: 'pending' });
      const pr = (await request(i1, i2)).body.payment_request;
      expect(pr.amount_cents).toBe(250);
      // AC-30: a succeeded payment pays each invoice what it still owed, offsets excluded.
      await publishPayments([paymentEvent(cnOrg.id, PAYMENT_EVENTS.succeeded, pr.lago_id, 'succeeded', 250)]);
      await expectEventually(async () => expect((await cn('GET', `/api/v1/payment_requests/${pr.lago_id}`)).body.payment_request.payment_status).toBe('succeeded'));
      expect((await cn('GET', `/api/v1/invoices/${i1.lago_id}`)).body.invoice).toMatchObject({ payment_status: 'succeeded', total_paid_amount_cents: 150, total_due_amount_cents: 0 });
      expect((await cn('GET', `/api/v1/invoices/${i2.lago_id}`)).body.invoice).toMatchObject({ payment_status: 'succeeded', total_paid_amount_cents: 400, total_due_amount_cents: 0 });
      const events = await invoicing('select event_type from outbox where key = $1', [first.body.credit_note.lago_id]);
      expect(events.map((e) => e.event_type)).toEqual(['credit_note.created']);
    });

    it('AC-03: only the offset part counts, and several offsets add up', async () => {
      const mixed = await dueInvoice(200);
      const both = await note(mixed, 50, { offset_amount_cents: 25, credit_amount_cents: 25 });
      expect(both.body.credit_note).toMatchObject({ total_amount_cents: 50, offset_amount_cents: 25, credit_amount_cents: 25, balance_amount_cents: 25 });
      const twice = await dueInvoice(200);
      expect((await note(twice, 20, { offset_amount_cents: 20 })).status).toBe(200);
      const second = await note(twice, 30, { offset_amount_cents: 30 });
      expect(second.body.credit_note.number).toBe(`${twice.number}-CN002`);
      expect((await request(mixed)).body.payment_request.amount_cents).toBe(175);
      expect((await request(twice)).body.payment_request.amount_cents).toBe(150);
      // The credit part can be voided once; an offset-only note has nothing to void.
      const voided = await cn('PUT', `/api/v1/credit_notes/${both.body.credit_note.lago_id}/void`);
      expect(voided.body.credit_note).toMatchObject({ credit_status: 'voided', balance_amount_cents: 0, offset_amount_cents: 25 });
      expect(await cn('PUT', `/api/v1/credit_notes/${both.body.credit_note.lago_id}/void`)).toEqual(notAllowed('no_voidable_amount'));
      expect(await cn('PUT', `/api/v1/credit_notes/${second.body.credit_note.lago_id}/void`)).toEqual(notAllowed('no_voidable_amount'));
      expect((await cn('GET', `/api/v1/invoices/${mixed.lago_id}`)).body.invoice.total_due_amount_cents).toBe(175);
    });

    it('AC-04: an offset of everything due settles the invoice, which then leaves collection', async () => {
      const whole = await dueInvoice(200);
      const res = await note(whole, 200, { offset_amount_cents: 200 });
      expect(res.status).toBe(200);
      expect((await cn('GET', `/api/v1/invoices/${whole.lago_id}`)).body.invoice).toMatchObject({
        payment_status: 'succeeded',
        payment_overdue: false,
        total_paid_amount_cents: 0,
        total_due_amount_cents: 0,
        total_offsetted_credit_note_amount_cents: 200,
      });
      const events = await invoicing('select event_type from outbox where key = $1 order by seq', [whole.lago_id]);
      expect(events.map((e) => e.event_type)).toEqual(['invoice.created', 'invoice.payment_overdue', 'invoice.payment_status_updated']);
      expect(await request(whole)).toEqual(notAllowed('invoices_not_overdue'));
    });

    it('refuses bad credit notes in Lago’s order and writes nothing; refunds need a paid amount', async () => {
      const invoice = await dueInvoice(300);
      const before = (await invoicing('select count(*)::int as n from credit_notes'))[0]!.n;
      expect(await cn('POST', '/api/v1/credit_notes', { invoice_id: invoice.lago_id })).toEqual({ status: 400, body: { status: 400, error: 'BadRequest: param is missing or the value is empty or invalid: credit_note' } });
      expect(await cn('POST', '/api/v1/credit_notes', { credit_note: { invoice_id: randomUUID(), items: [] } })).toEqual(notFound('invoice_not_found'));
      expect(await note(invoice, 10, { reason: 'boredom', offset_amount_cents: 10 })).toEqual(lagoInvalid({ reason: ['value_is_invalid'] }));
      expect(await cn('POST', '/api/v1/credit_notes', { credit_note: { invoice_id: invoice.lago_id, items: 'all', offset_amount_cents: 10 } })).toEqual(lagoInvalid({ items: ['must_be_an_array'] }));
      expect(await cn('POST', '/api/v1/credit_notes', { credit_note: { invoice_id: invoice.lago_id, items: [{ fee_id: randomUUID(), amount_cents: 10 }], offset_amount_cents: 10 } })).toEqual(notFound('fee_not_found'));
      expect(await note(invoice, 301, { offset_amount_cents: 301 })).toEqual(lagoInvalid({ amount_cents: ['higher_than_remaining_fee_amount'] }));
      expect(await note(invoice, 100, { offset_amount_cents: 50 })).toEqual(lagoInvalid({ base: ['does_not_match_item_amounts'] }));
      expect(await note(invoice, 100, { refund_amount_cents: 100 })).toEqual(lagoInvalid({ refund_amount_cents: ['cannot_refund_unpaid_invoice'] }));
      expect(await note(invoice, 100, { offset_amount_cents: -100 })).toEqual(lagoInvalid({ offset_amount_cents: ['invalid_value'] }));
      expect((await invoicing('select count(*)::int as n from credit_notes'))[0]!.n).toBe(before);

      // Paid 120: up to 120 can be refunded, and the refund is pending until it is marked done.
      expect((await pay(invoice, 120)).status).toBe(200);
      expect(await note(invoice, 121, { refund_amount_cents: 121 })).toEqual(lagoInvalid({ refund_amount_cents: ['higher_than_remaining_invoice_amount'] }));
      const refund = await note(invoice, 120, { refund_amount_cents: 120 });
      expect(refund.body.credit_note).toMatchObject({ refund_amount_cents: 120, refund_status: 'pending' });
      const id = refund.body.credit_note.lago_id;
      expect(await cn('PUT', `/api/v1/credit_notes/${id}`, { credit_note: { refund_status: 'done' } })).toEqual(lagoInvalid({ refund_status: ['value_is_invalid'] }));
      expect((await cn('PUT', `/api/v1/credit_notes/${id}`, { credit_note: { refund_status: 'succeeded' } })).body.credit_note.refund_status).toBe('succeeded');
      expect((await cn('GET', `/api/v1/credit_notes/${id}`)).body.credit_note.refund_status).toBe('succeeded');
      expect(await cn('GET', `/api/v1/credit_notes/${randomUUID()}`)).toEqual(notFound('credit_note_not_found'));
      expect(await api('GET', `/api/v1/credit_notes/${id}`)).toEqual(notFound('credit_note_not_found'));
      const listed = await cn('GET', '/api/v1/credit_notes?external_customer_id=cn-1&per_page=2');
      expect(listed.body.credit_notes[0].lago_id).toBe(id);
      expect(listed.body.meta).toMatchObject({ current_page: 1, next_page: 2 });
      expect((await cn('GET', '/api/v1/credit_notes?external_customer_id=nobody')).body.credit_notes).toEqual([]);
    });
  });

  describe('payment requests', () => {
    it('AC-01/AC-13: collects overdue invoices for what is still due, with customer and invoices, and publishes payment_request.created', async () => {
      const i1 = await overdueInvoice([{ add_on_code: 'support', unit_amount_cents: 200 }], { currency: 'EUR' });
      const i2 = await overdueInvoice([{ add_on_code: 'support', unit_amount_cents: 500 }]);
      // Partial manual payments: I1 (240) owes 140, I2 (600) owes 360.
      for (const [invoice, amount] of [[i1, 100], [i2, 240]] as const) {
        const paid = await api('POST', '/api/v1/payments', { payment: { invoice_id: invoice.lago_id, amount_cents: amount, reference: `partial-${amount}` } });
        expect(paid.body.payment).toMatchObject({ invoice_ids: [invoice.lago_id], amount_cents: amount, payment_status: 'succeeded', type: 'manual' });
      }
      const res = await api('POST', '/api/v1/payment_requests', {
        payment_request: { external_customer_id: 'c-due', email: ' john.doe@ex\u200Bample.com ', lago_invoice_ids: [i1.lago_id, i2.lago_id, randomUUID(), 'junk'] },
      });
      expect(res.status).toBe(200);
      const pr = res.body.payment_request;
      expect(pr).toMatchObject({ amount_cents: 500, amount_currency: 'EUR', email: 'john.doe@example.com', payment_status: 'pending' });
      expect(Object.keys(pr)).toEqual(['lago_id', 'amount_cents', 'amount_currency', 'email', 'payment_status', 'created_at', 'customer', 'invoices']);
      expect(pr.customer.external_id).toBe('c-due');
      expect(pr.customer).toHaveProperty('metadata');
      expect(pr.customer).not.toHaveProperty('taxes');
      expect(pr.invoices.map((i: any) => i.lago_id)).toEqual([i1.lago_id, i2.lago_id]);
      expect(pr.invoices[0]).not.toHaveProperty('fees');
      const events = await invoicing('select event_type, value from outbox where key = $1', [pr.lago_id]);
      expect(events.map((e) => e.event_type)).toEqual(['payment_request.created']);
      expect(JSON.parse(events[0]!.value).payload).toEqual(pr);
      // Email falls back to the customer's.
      const fallback = await api('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: 'c-due', lago_invoice_ids: [i1.lago_id] } });
      expect(fallback.body.payment_request).toMatchObject({ email: 'billing@due.test', amount_cents: 140 });
    });

    it('AC-06..12: refuses in Lago’s order with 404 and 405, writing nothing', async () => {
      const overdue = await overdueInvoice();
      const notYet = (await oneOff('c-later', [{ add_on_code: 'support' }])).body.invoice;
      const usd = await overdueInvoice([{ add_on_code: 'support' }], { currency: 'USD' });
      const before = (await invoicing('select count(*)::int as n from payment_requests'))[0]!.n;
      const create = (external_customer_id: string, lago_invoice_ids: unknown) => api('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id, lago_invoice_ids } });
      expect(await create('non-existing-id', [overdue.lago_id])).toEqual(notFound('customer_not_found'));
      expect(await create('c-due', [])).toEqual(notFound('invoice_not_found'));
      expect(await create('c-due', 'not-an-array')).toEqual(notFound('invoice_not_found'));
      expect(await create('c-due', [notYet.lago_id])).toEqual(notFound('invoice_not_found')); // another customer's invoice
      expect((await api('POST', '/api/v1/customers', { customer: { external_id: 'c-later', net_payment_term: 30 } })).status).toBe(200);
      const mine = (await oneOff('c-due', [{ add_on_code: 'support' }], {})).body.invoice;
      await invoicing('update invoices set payment_due_date = issuing_date + 5 where id = $1', [mine.lago_id]);
      // (the sweep may have flagged it before the update; clear the flag to model a not-yet-due invoice)
      await invoicing('update invoices set payment_overdue = false where id = $1', [mine.lago_id]);
      expect(await create('c-due', [overdue.lago_id, mine.lago_id])).toEqual(notAllowed('invoices_not_overdue'));
      expect(await create('c-due', [overdue.lago_id, usd.lago_id])).toEqual(notAllowed('invoices_have_different_currencies'));
      await invoicing('update invoices set ready_for_payment_processing = false where id = $1', [usd.lago_id]);
      expect(await create('c-due', [usd.lago_id])).toEqual(notAllowed('invoices_not_ready_for_payment_processing'));
      expect(await api('POST', '/api/v1/payment_requests', { nope: {} })).toEqual({
        status: 400,
        body: { status: 400, error: 'BadRequest: param is missing or the value is empty or invalid: payment_request' },
      });
      expect((await invoicing('select count(*)::int as n from payment_requests'))[0]!.n).toBe(before);
    });

    it('AC-19..27: reads, filters and pages; another organization sees nothing', async () => {
      const all = await api('GET', '/api/v1/payment_requests');
      expect(all.status).toBe(200);
      expect(all.body.meta.total_count).toBe(2);
      const [newest] = all.body.payment_requests;
      expect((await api('GET', `/api/v1/payment_requests/${newest.lago_id}`)).body.payment_request).toEqual(newest);
      expect(await api('GET', `/api/v1/payment_requests/${randomUUID()}`)).toEqual(notFound('payment_request_not_found'));
      expect((await api('GET', '/api/v1/payment_requests?currency=USD')).body.payment_requests).toEqual([]);
      expect((await api('GET', '/api/v1/payment_requests?payment_status=pending')).body.meta.total_count).toBe(2);
      expect((await api('GET', '/api/v1/payment_requests?payment_status=succeeded')).body.meta.total_count).toBe(0);
      expect((await api('GET', `/api/v1/payment_requests?external_customer_id=${randomUUID()}`)).body.payment_requests).toEqual([]);
      const paged = await api('GET', '/api/v1/payment_requests?page=2&per_page=1');
      expect(paged.body.meta).toEqual({ current_page: 2, next_page: null, prev_page: 1, total_pages: 2, total_count: 2 });
      expect(await api('GET', '/api/v1/payment_requests?billing_entity_codes[]=invoice_org&billing_entity_codes[]=BOGUS')).toEqual(notFound('billing_entity_not_found'));
      expect((await api('GET', '/api/v1/customers/c-due/payment_requests')).body.meta.total_count).toBe(2);
      expect((await api('GET', '/api/v1/customers/c-later/payment_requests')).body.meta.total_count).toBe(0);
      expect(await api('GET', '/api/v1/customers/nobody/payment_requests')).toEqual(notFound('customer_not_found'));
      const other = gatewayClient(stack.gatewayUrl, (await stack.seedOrganization()).apiKey);
      expect((await other('GET', '/api/v1/payment_requests')).body.meta.total_count).toBe(0);
      expect(await other('GET', `/api/v1/payment_requests/${newest.lago_id}`)).toEqual(notFound('payment_request_not_found'));
      expect(await other('GET', `/api/v1/invoices/${newest.invoices[0].lago_id}`)).toEqual(notFound('invoice_not_found'));
      expect(await other('GET', '/api/v1/customers/c-due/payment_requests')).toEqual(notFound('customer_not_found'));
    });

    it('many payment requests at once for the same invoices all get a correct answer', async () => {
      const a = await overdueInvoice([{ add_on_code: 'support', unit_amount_cents: 300 }]);
      const b = await overdueInvoice([{ add_on_code: 'support', unit_amount_cents: 700 }]);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => api('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: 'c-due', lago_invoice_ids: [a.lago_id, b.lago_id] } })),
      );
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(new Set(results.map((r) => r.body.payment_request.amount_cents))).toEqual(new Set([(300 + 700) * 1.2]));
      expect(new Set(results.map((r) => r.body.payment_request.lago_id)).size).toBe(20);
    });

    it('applies payment.succeeded and payment.failed once each, even when delivered twice', async () => {
      const i1 = await overdueInvoice([{ add_on_code: 'support', unit_amount_cents: 100 }]);
      const i2 = await overdueInvoice([{ add_on_code: 'support', unit_amount_cents: 200 }]);
      const pr = (await api('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: 'c-due', lago_invoice_ids: [i1.lago_id, i2.lago_id] } })).body.payment_request;
      const i3 = await overdueInvoice([{ add_on_code: 'support', unit_amount_cents: 300 }]);
      const failing = (await api('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: 'c-due', lago_invoice_ids: [i3.lago_id] } })).body.payment_request;

      const event = (type: string, payableId: string, status: string, amount: number, key?: string, payable?: string) => paymentEvent(org.id, type, payableId, status, amount, key, payable);
      const succeeded = event(PAYMENT_EVENTS.succeeded, pr.lago_id, 'succeeded', pr.amount_cents);
      const failed = event(PAYMENT_EVENTS.failed, failing.lago_id, 'canceled', failing.amount_cents);
      // Each delivered twice (a redelivery after a crash), and an event for another organization's id.
      await publishPayments([succeeded, succeeded, failed, failed, event(PAYMENT_EVENTS.succeeded, randomUUID(), 'succeeded', 1)]);

      await expectEventually(async () => expect((await api('GET', `/api/v1/payment_requests/${pr.lago_id}`)).body.payment_request.payment_status).toBe('succeeded'));
      await expectEventually(async () => expect((await api('GET', `/api/v1/payment_requests/${failing.lago_id}`)).body.payment_request.payment_status).toBe('failed'));
      for (const invoice of [i1, i2]) {
        const now = (await api('GET', `/api/v1/invoices/${invoice.lago_id}`)).body.invoice;
        expect(now).toMatchObject({ payment_status: 'succeeded', payment_overdue: false, total_paid_amount_cents: invoice.total_amount_cents, total_due_amount_cents: 0 });
      }
      const i3now = (await api('GET', `/api/v1/invoices/${i3.lago_id}`)).body.invoice;
      expect(i3now).toMatchObject({ payment_status: 'failed', payment_overdue: true, total_paid_amount_cents: 0 });
      // Once each: one status event per request, one per invoice.
      const count = async (key: string, type: string) => (await invoicing('select count(*)::int as n from outbox where key = $1 and event_type = $2', [key, type]))[0]!.n;
      expect(await count(pr.lago_id, 'payment_request.payment_status_updated')).toBe(1);
      expect(await count(failing.lago_id, 'payment_request.payment_status_updated')).toBe(1);
      expect(await count(i1.lago_id, 'invoice.payment_status_updated')).toBe(1);
      // A failed request leaves its invoice collectable again.
      const retry = await api('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: 'c-due', lago_invoice_ids: [i3.lago_id] } });
      expect(retry.status).toBe(200);
      // AC-29: an outcome Lago does not know (payable_payment_status "refunded") changes nothing and
      // records no payment; the event behind it on the same partition shows it was consumed.
      const late = await api('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: 'c-due', lago_invoice_ids: [(await overdueInvoice()).lago_id] } });
      const partition = randomUUID();
      const unknown = event(PAYMENT_EVENTS.succeeded, retry.body.payment_request.lago_id, 'refunded', 1, partition, 'refunded');
      const next = event(PAYMENT_EVENTS.failed, late.body.payment_request.lago_id, 'failed', 1, partition);
      await publishPayments([unknown, next]);
      await expectEventually(async () => expect((await api('GET', `/api/v1/payment_requests/${late.body.payment_request.lago_id}`)).body.payment_request.payment_status).toBe('failed'));
      expect((await api('GET', `/api/v1/payment_requests/${retry.body.payment_request.lago_id}`)).body.payment_request.payment_status).toBe('pending');
      expect((await api('GET', `/api/v1/invoices/${i3.lago_id}`)).body.invoice).toMatchObject({ payment_status: 'failed', total_paid_amount_cents: 0 });
      expect((await invoicing('select count(*)::int as n from payments where payable_id = $1', [retry.body.payment_request.lago_id]))[0]!.n).toBe(0);
      // Paid invoices are no longer overdue, so they cannot be requested again.
      expect(await api('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: 'c-due', lago_invoice_ids: [i1.lago_id] } })).toEqual(notAllowed('invoices_not_overdue'));
      // AC-39: nor paid by hand, since their payment request succeeded.
      const manual = await api('POST', '/api/v1/payments', { payment: { invoice_id: i1.lago_id, amount_cents: 1, reference: 'late' } });
      expect(manual.status).toBe(422);
      expect(manual.body.error_details.base).toEqual(['payment_request_is_already_succeeded']);
      // The provider payment is listed with Lago's payment object, once despite the redelivery.
      const listed = await api('GET', `/api/v1/payments?invoice_id=${i2.lago_id}`);
      expect(listed.body.payments).toEqual([
        {
          lago_id: expect.any(String),
          invoice_ids: [i1.lago_id, i2.lago_id],
          amount_cents: pr.amount_cents,
          amount_currency: 'EUR',
          payment_status: 'succeeded',
          type: 'provider',
          reference: null,
          external_payment_id: null,
          created_at: expect.any(String),
        },
      ]);
      expect((await api('GET', `/api/v1/payments/${listed.body.payments[0].lago_id}`)).body.payment).toEqual(listed.body.payments[0]);
      expect((await api('GET', `/api/v1/payments?invoice_id=${i3.lago_id}`)).body.payments.map((p: any) => p.payment_status)).toEqual(['failed']);
    });

    it('AC-39: manual payments settle an invoice, in part or in full, and are refused in Lago’s order', async () => {
      const invoice = await overdueInvoice([{ add_on_code: 'support', unit_amount_cents: 1000 }]); // 1200 with tax
      const pay = (payment: Record<string, unknown>) => api('POST', '/api/v1/payments', { payment: { invoice_id: invoice.lago_id, reference: 'wire', ...payment } });
      expect(await api('POST', '/api/v1/payments', { invoice_id: invoice.lago_id })).toEqual({ status: 400, body: { status: 400, error: 'BadRequest: param is missing or the value is empty or invalid: payment' } });
      expect(await pay({ invoice_id: '', amount_cents: 1 })).toEqual(lagoInvalid({ invoice_id: ['value_is_mandatory'] }));
      expect(await pay({ amount_cent: 1200 })).toEqual(lagoInvalid({ amount_cents: ['invalid_value'] }));
      expect(await pay({ amount_cents: -5 })).toEqual(lagoInvalid({ amount_cents: ['invalid_value'] }));
      expect(await pay({ amount_cents: 1.5 })).toEqual(lagoInvalid({ amount_cents: ['invalid_value'] }));
      expect(await pay({ invoice_id: randomUUID(), amount_cents: 1 })).toEqual(notFound('invoice_not_found'));
      expect(await pay({ amount_cents: 1, paid_at: 'yesterday' })).toEqual(lagoInvalid({ paid_at: ['invalid_date'] }));
      expect(await pay({ amount_cents: 1201, reference: 'r'.repeat(41) })).toEqual(lagoInvalid({ reference: ['value_is_too_long'], amount_cents: ['value_is_out_of_range'] }));
      expect(await pay({ amount_cents: 1, reference: null })).toEqual(lagoInvalid({ reference: ['value_is_mandatory'] }));
      expect((await invoicing('select count(*)::int as n from payments where payable_id = $1', [invoice.lago_id]))[0]!.n).toBe(0);

      const part = await pay({ amount_cents: '200', paid_at: '2026-11-01T10:00:00+01:00' });
      expect(part.body.payment).toMatchObject({ amount_cents: 200, amount_currency: 'EUR', reference: 'wire', created_at: '2026-11-01T09:00:00Z', external_payment_id: null });
      expect((await api('GET', `/api/v1/invoices/${invoice.lago_id}`)).body.invoice).toMatchObject({ payment_status: 'pending', payment_overdue: true, total_paid_amount_cents: 200, total_due_amount_cents: 1000 });
      // Concurrent payments of the rest: exactly one fits, the others are out of range.
      const rest = await Promise.all(Array.from({ length: 5 }, () => pay({ amount_cents: 1000 })));
      expect(rest.map((r) => r.status).sort()).toEqual([200, 422, 422, 422, 422]);
      const settled = (await api('GET', `/api/v1/invoices/${invoice.lago_id}`)).body.invoice;
      expect(settled).toMatchObject({ payment_status: 'succeeded', payment_overdue: false, total_paid_amount_cents: 1200, total_due_amount_cents: 0 });
      const events = await invoicing('select event_type from outbox where key = $1 order by seq', [invoice.lago_id]);
      expect(events.map((e) => e.event_type)).toEqual(['invoice.created', 'invoice.payment_overdue', 'invoice.payment_status_updated']);
      const mine = await api('GET', `/api/v1/payments?invoice_id=${invoice.lago_id}`);
      expect(mine.body.payments.map((p: any) => p.amount_cents)).toEqual([1000, 200]);
      expect((await api('GET', '/api/v1/customers/c-due/payments?per_page=1')).body.meta).toMatchObject({ current_page: 1, total_pages: expect.any(Number) });
      expect((await api('GET', '/api/v1/customers/c-later/payments')).body.payments).toEqual([]);
      expect(await api('GET', '/api/v1/customers/nobody/payments')).toEqual(notFound('customer_not_found'));
      expect(await api('GET', `/api/v1/payments/${randomUUID()}`)).toEqual(notFound('payment_not_found'));

      // A voided invoice takes no payment (Lago's 403).
      const voided = (await oneOff('c-later', [{ add_on_code: 'support' }])).body.invoice;
      await api('POST', `/api/v1/invoices/${voided.lago_id}/void`);
      expect(await api('POST', '/api/v1/payments', { payment: { invoice_id: voided.lago_id, amount_cents: 1, reference: 'x' } })).toEqual({
        status: 403,
        body: { status: 403, error: 'Forbidden', code: 'feature_unavailable' },
      });
    });

    it('AC-16: keys without payment_request permissions get Lago’s 403', async () => {
      const readOnly = gatewayClient(stack.gatewayUrl, await stack.issueApiKey(org.id, { payment_request: ['read'] }));
      const writeOnly = gatewayClient(stack.gatewayUrl, await stack.issueApiKey(org.id, { payment_request: ['write'] }));
      const forbidden = (code: string) => ({ status: 403, body: { status: 403, error: 'Forbidden', code } });
      const body = { payment_request: { external_customer_id: 'c-due', lago_invoice_ids: [] } };
      expect(await readOnly('POST', '/api/v1/payment_requests', body)).toEqual(forbidden('write_action_not_allowed_for_payment_request'));
      expect((await readOnly('GET', '/api/v1/payment_requests')).status).toBe(200);
      expect(await writeOnly('GET', '/api/v1/payment_requests')).toEqual(forbidden('read_action_not_allowed_for_payment_request'));
      expect(await writeOnly('GET', `/api/v1/payment_requests/${randomUUID()}`)).toEqual(forbidden('read_action_not_allowed_for_payment_request'));
      expect(await writeOnly('GET', '/api/v1/customers/c-due/payment_requests')).toEqual(forbidden('read_action_not_allowed_for_payment_request'));
      expect(await writeOnly('POST', '/api/v1/payment_requests', body)).toEqual(notFound('invoice_not_found'));
      expect(await writeOnly('GET', '/api/v1/payments')).toEqual(forbidden('read_action_not_allowed_for_payment'));
    });

    it('AC-25: requests created at the same instant are listed by id', async () => {
      expect((await api('POST', '/api/v1/customers', { customer: { external_id: 'c-tie', currency: 'EUR', net_payment_term: 0 } })).status).toBe(200);
      const res = await oneOff('c-tie', [{ add_on_code: 'support' }]);
      await expectEventually(async () => expect((await api('GET', `/api/v1/invoices/${res.body.invoice.lago_id}`)).body.invoice.payment_overdue).toBe(true));
      const pr = (await api('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: 'c-tie', lago_invoice_ids: [res.body.invoice.lago_id] } })).body.payment_request;
      const zero = '00000000-0000-0000-0000-000000000000';
      await invoicing('insert into payment_requests select $2::uuid, organization_id, customer_id, external_customer_id, amount_cents, amount_currency, email, payment_status, payment_attempts, ready_for_payment_processing, customer_snapshot, created_at, updated_at from payment_requests where id = $1', [pr.lago_id, zero]);
      const listed = await api('GET', '/api/v1/payment_requests?external_customer_id=c-tie');
      expect(listed.body.payment_requests.map((p: any) => p.lago_id)).toEqual([zero, pr.lago_id]);
      expect(listed.body.payment_requests[0].created_at).toBe(listed.body.payment_requests[1].created_at);
    });
  });
});
