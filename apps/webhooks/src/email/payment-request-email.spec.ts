import type { CustomerV1, InvoiceV1, PaymentRequestV1 } from '@app/contracts';
import { formatMoney, renderPaymentRequestEmail } from './payment-request-email';

function customer(overrides: Partial<CustomerV1> = {}): CustomerV1 {
  return {
    lago_id: '6b0c1f7e-2d3a-4e5f-8a9b-0c1d2e3f4a5b',
    billing_entity_code: 'pr_email_spec',
    external_id: 'pr-email-spec-1',
    account_type: 'customer',
    name: 'Acme Widgets',
    firstname: null,
    lastname: null,
    customer_type: 'company',
    sequential_id: 7,
    slug: 'ACM-PR-007',
    created_at: '2025-01-02T03:04:05Z',
    updated_at: '2025-01-02T03:04:05Z',
    country: 'FR',
    address_line1: null,
    address_line2: null,
    state: null,
    zipcode: null,
    email: 'billing@acme.test',
    city: null,
    url: null,
    phone: null,
    logo_url: null,
    legal_name: null,
    legal_number: null,
    currency: 'EUR',
    tax_identification_number: null,
    timezone: null,
    applicable_timezone: 'UTC',
    net_payment_term: 30,
    external_salesforce_id: null,
    finalize_zero_amount_invoice: 'inherit',
    billing_configuration: {
      invoice_grace_period: null,
      payment_provider: null,
      payment_provider_code: null,
      document_locale: 'en',
      subscription_invoice_issuing_date_anchor: null,
      subscription_invoice_issuing_date_adjustment: null,
    },
    shipping_address: { address_line1: null, address_line2: null, city: null, zipcode: null, state: null, country: null },
    skip_invoice_custom_sections: false,
    metadata: [],
    ...overrides,
  };
}

function invoice(overrides: Partial<InvoiceV1> = {}): InvoiceV1 {
  return {
    lago_id: 'a1b2c3d4-0000-4000-8000-000000000001',
    billing_entity_code: 'pr_email_spec',
    sequential_id: 1,
    number: 'ACM-PR-007-001',
    purchase_order_number: null,
    issuing_date: '2025-01-01',
    payment_due_date: '2025-01-31',
    net_payment_term: 30,
    invoice_type: 'one_off',
    status: 'finalized',
    payment_status: 'pending',
    payment_dispute_lost_at: null,
    payment_overdue: true,
    currency: 'EUR',
    fees_amount_cents: 20_000,
    taxes_amount_cents: 0,
    progressive_billing_credit_amount_cents: 0,
    coupons_amount_cents: 0,
    credit_notes_amount_cents: 0,
    sub_total_excluding_taxes_amount_cents: 20_000,
    sub_total_including_taxes_amount_cents: 20_000,
    total_amount_cents: 20_000,
    total_due_amount_cents: 10_000,
    total_paid_amount_cents: 10_000,
    total_offsetted_credit_note_amount_cents: 0,
    prepaid_credit_amount_cents: 0,
    prepaid_granted_credit_amount_cents: 0,
    prepaid_purchased_credit_amount_cents: 0,
    file_url: null,
    xml_url: null,
    web_url: null,
    version_number: 4,
    self_billed: false,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    voided_at: null,
    ...overrides,
  };
}

function paymentRequest(overrides: Partial<PaymentRequestV1> = {}): PaymentRequestV1 {
  return {
    lago_id: 'f0e1d2c3-0000-4000-8000-0000000000aa',
    amount_cents: 40_000,
    amount_currency: 'EUR',
    email: 'billing@acme.test',
    payment_status: 'pending',
    created_at: '2025-03-01T10:00:00Z',
    customer: customer(),
    invoices: [
      invoice(),
      invoice({ lago_id: 'a1b2c3d4-0000-4000-8000-000000000002', number: 'ACM-PR-007-002', total_due_amount_cents: 30_000, payment_due_date: '2025-02-14' }),
    ],
    ...overrides,
  };
}

describe('renderPaymentRequestEmail', () => {
  it("uses Lago's subject with the organization name", () => {
    expect(renderPaymentRequestEmail(paymentRequest(), 'Hooli Billing').subject).toBe('Your overdue balance from Hooli Billing');
  });

  it('shows the total, the net payment term and every invoice with its due amount and due date, in text and html', () => {
    const { text, html } = renderPaymentRequestEmail(paymentRequest(), 'Hooli Billing');

    for (const body of [text, html]) {
      expect(body).toContain('€400.00');
      expect(body).toContain('30 days');
      expect(body).toContain('ACM-PR-007-001');
      expect(body).toContain('€100.00');
      expect(body).toContain('Jan 31, 2025');
      expect(body).toContain('ACM-PR-007-002');
      expect(body).toContain('€300.00');
      expect(body).toContain('Feb 14, 2025');
    }
    expect(text).toMatch(/ACM-PR-007-001: €100\.00, due Jan 31, 2025/);
    expect(text).toMatch(/ACM-PR-007-002: €300\.00, due Feb 14, 2025/);
  });

  it('falls back to the invoices’ term when the customer inherits it, and says "1 day" in the singular', () => {
    const request = paymentRequest({ customer: customer({ net_payment_term: null }), invoices: [invoice({ net_payment_term: 1 })] });

    const { text } = renderPaymentRequestEmail(request, 'Hooli');

    expect(text).toContain('1 day from');
    expect(text).not.toContain('1 days');
  });

  it('escapes every interpolated value in the html and keeps the text readable', () => {
    const request = paymentRequest({
      customer: customer({ name: 'Tom & Jerry <script>alert(1)</script>' }),
      invoices: [invoice({ number: 'INV-<b>"1"</b>' })],
    });

    const { subject, text, html } = renderPaymentRequestEmail(request, 'Smith & Sons <Ltd>');

    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('Smith & Sons');
    expect(html).toContain('Tom &#38; Jerry &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('INV-&#60;b&#62;&#34;1&#34;&#60;/b&#62;');
    expect(html).toContain('Smith &#38; Sons &#60;Ltd&#62;');
    expect(text).toContain('Hello Tom & Jerry <script>alert(1)</script>,');
    expect(text).toContain('INV-<b>"1"</b>');
    expect(subject).toBe('Your overdue balance from Smith & Sons <Ltd>');
  });

  it('keeps the subject on one line when the organization name has line breaks', () => {
    expect(renderPaymentRequestEmail(paymentRequest(), 'Evil\r\nBcc: victim@example.com').subject).toBe('Your overdue balance from Evil Bcc: victim@example.com');
  });

  it('formats JPY without decimals', () => {
    const request = paymentRequest({
      amount_cents: 1234,
      amount_currency: 'JPY',
      invoices: [invoice({ currency: 'JPY', total_due_amount_cents: 1234 })],
    });

    const { text, html } = renderPaymentRequestEmail(request, 'Hooli KK');

    expect(text).toContain('¥1,234');
    expect(text).not.toContain('¥12.34');
    expect(html).toContain('¥1,234');
  });
});

describe('formatMoney', () => {
  it.each([
    [1234, 'EUR', '€12.34'],
    [5, 'USD', '$0.05'],
    [-250, 'EUR', '-€2.50'],
    [1234, 'JPY', '¥1,234'],
    [1234, 'KWD', 'KWD\u00a01.234'],
    [900_719_925_474_099, 'USD', '$9,007,199,254,740.99'],
  ])('%d %s → %s', (cents, currency, expected) => {
    expect(formatMoney(cents, currency)).toBe(expected);
  });
});
