import type { UpsertCustomerV1 } from '@app/contracts';
import { Customer } from './customer.entity';

const EXTERNAL_ID = 'customer-entity-spec-1';

describe('Customer.slugFor', () => {
  it.each([
    ['ORG-55', 6, 'ORG-55-006'],
    ['LAG-1A2B', 1, 'LAG-1A2B-001'],
    ['LAG-1A2B', 42, 'LAG-1A2B-042'],
    ['LAG-1A2B', 999, 'LAG-1A2B-999'],
    ['ORG-55', 1000, 'ORG-55-1000'],
    ['ORG-55', 123456, 'ORG-55-123456'],
  ])('prefix %s, sequential id %i → %s', (prefix, sequentialId, slug) => {
    expect(Customer.slugFor(prefix, sequentialId)).toBe(slug);
  });
});

describe('Customer#apply', () => {
  const before = new Date('2026-01-01T00:00:00Z');
  const now = new Date('2026-03-04T05:06:07Z');

  function existing(): Customer {
    const customer = new Customer();
    customer.externalId = EXTERNAL_ID;
    customer.slug = 'ORG-55-006';
    customer.sequentialId = 6;
    customer.name = 'Old name';
    customer.email = 'old@example.com';
    customer.phone = '+33 1 00 00 00 00';
    customer.addressLine1 = '1 old street';
    customer.country = 'FR';
    customer.currency = 'EUR';
    customer.netPaymentTerm = 30;
    customer.updatedAt = before;
    return customer;
  }

  it('keeps fields whose key is absent', () => {
    const customer = existing();

    customer.apply({ external_id: EXTERNAL_ID, name: 'New name' }, now, false);

    expect(customer.name).toBe('New name');
    expect(customer.email).toBe('old@example.com');
    expect(customer.phone).toBe('+33 1 00 00 00 00');
    expect(customer.addressLine1).toBe('1 old street');
    expect(customer.country).toBe('FR');
    expect(customer.currency).toBe('EUR');
    expect(customer.netPaymentTerm).toBe(30);
  });

  it('clears a field sent as null', () => {
    const customer = existing();

    customer.apply({ external_id: EXTERNAL_ID, email: null, net_payment_term: null }, now, false);

    expect(customer.email).toBeNull();
    expect(customer.netPaymentTerm).toBeNull();
    expect(customer.name).toBe('Old name');
  });

  it('sets falsy values as sent (0 and "" are values, not null)', () => {
    const customer = existing();

    customer.apply({ external_id: EXTERNAL_ID, net_payment_term: 0, name: '' }, now, false);

    expect(customer.netPaymentTerm).toBe(0);
    expect(customer.name).toBe('');
  });

  it('maps every snake_case key to its camelCase field', () => {
    const customer = new Customer();
    // Metadata, taxes and integrations need the database; the integration and e2e tests cover them.
    const fields: Required<Omit<UpsertCustomerV1, 'metadata' | 'taxes' | 'integration_customers'>> = {
      external_id: EXTERNAL_ID,
      name: 'Foo Bar',
      firstname: 'Foo',
      lastname: 'Bar',
      customer_type: 'company',
      email: 'foo@example.com',
      currency: 'USD',
      country: 'US',
      address_line1: '5th Avenue',
      address_line2: 'Suite 100',
      city: 'New York',
      zipcode: '10001',
      state: 'NY',
      phone: '+1 212 555 0100',
      url: 'https://example.com',
      logo_url: 'https://example.com/logo.png',
      legal_name: 'Foo Bar Inc.',
      legal_number: 'US-123',
      tax_identification_number: 'EIN-99',
      timezone: 'America/New_York',
      net_payment_term: 45,
      external_salesforce_id: 'sf-1',
      account_type: 'partner',
      finalize_zero_amount_invoice: 'skip',
      skip_invoice_custom_sections: true,
      shipping_address: { address_line1: '1 Ship St', country: 'CA' },
      billing_configuration: { invoice_grace_period: 3, document_locale: 'fr', payment_provider: 'adyen', provider_customer_id: 'shopper-1' },
      provider_connection: { status: 'found', code: 'adyen-eu', provider_type: 'adyen' },
    };

    expect(customer.apply(fields, now, true)).toBeNull();

    expect({
      name: customer.name,
      firstname: customer.firstname,
      lastname: customer.lastname,
      customerType: customer.customerType,
      email: customer.email,
      currency: customer.currency,
      country: customer.country,
      addressLine1: customer.addressLine1,
      addressLine2: customer.addressLine2,
      city: customer.city,
      zipcode: customer.zipcode,
      state: customer.state,
      phone: customer.phone,
      url: customer.url,
      logoUrl: customer.logoUrl,
      legalName: customer.legalName,
      legalNumber: customer.legalNumber,
      taxIdentificationNumber: customer.taxIdentificationNumber,
      timezone: customer.timezone,
      netPaymentTerm: customer.netPaymentTerm,
      externalSalesforceId: customer.externalSalesforceId,
      accountType: customer.accountType,
      finalizeZeroAmountInvoice: customer.finalizeZeroAmountInvoice,
      skipInvoiceCustomSections: customer.skipInvoiceCustomSections,
      shippingAddressLine1: customer.shippingAddressLine1,
      shippingCity: customer.shippingCity,
      shippingCountry: customer.shippingCountry,
      invoiceGracePeriod: customer.invoiceGracePeriod,
      documentLocale: customer.documentLocale,
      anchor: customer.subscriptionInvoiceIssuingDateAnchor,
      paymentProvider: customer.paymentProvider,
      paymentProviderCode: customer.paymentProviderCode,
      providerLinks: customer.providerLinks,
    }).toStrictEqual({
      name: 'Foo Bar',
      firstname: 'Foo',
      lastname: 'Bar',
      customerType: 'company',
      email: 'foo@example.com',
      currency: 'USD',
      country: 'US',
      addressLine1: '5th Avenue',
      addressLine2: 'Suite 100',
      city: 'New York',
      zipcode: '10001',
      state: 'NY',
      phone: '+1 212 555 0100',
      url: 'https://example.com',
      logoUrl: 'https://example.com/logo.png',
      legalName: 'Foo Bar Inc.',
      legalNumber: 'US-123',
      taxIdentificationNumber: 'EIN-99',
      timezone: 'America/New_York',
      netPaymentTerm: 45,
      externalSalesforceId: 'sf-1',
      accountType: 'partner',
      finalizeZeroAmountInvoice: 'skip',
      skipInvoiceCustomSections: true,
      shippingAddressLine1: '1 Ship St',
      shippingCity: null,
      shippingCountry: 'CA',
      invoiceGracePeriod: 3,
      documentLocale: 'fr',
      anchor: null,
      paymentProvider: 'adyen',
      paymentProviderCode: 'adyen-eu',
      providerLinks: [{ provider: 'adyen', code: 'adyen-eu', provider_customer_id: 'shopper-1' }],
    });
  });

  it('address_line1 and address_line2 set addressLine1 and addressLine2', () => {
    const customer = existing();

    customer.apply({ external_id: EXTERNAL_ID, address_line1: '2 new street', address_line2: null }, now, false);

    expect(customer.addressLine1).toBe('2 new street');
    expect(customer.addressLine2).toBeNull();
  });

  it('never changes external_id, slug or sequential_id, whatever the payload carries', () => {
    const customer = existing();
    const payload = { external_id: 'another-id', slug: 'HACK-001', sequential_id: 99, sequentialId: 99, name: 'x' } as unknown as UpsertCustomerV1;

    customer.apply(payload, now, false);

    expect(customer.externalId).toBe(EXTERNAL_ID);
    expect(customer.slug).toBe('ORG-55-006');
    expect(customer.sequentialId).toBe(6);
  });

  it('stamps updatedAt with the given time, even when nothing else changes', () => {
    const customer = existing();

    customer.apply({ external_id: EXTERNAL_ID }, now, false);

    expect(customer.updatedAt).toBe(now);
    expect(customer.name).toBe('Old name');
  });
});
