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

describe('Customer#applyChargeOver', () => {
  const before = new Date('2026-01-01T00:00:00Z');
  const now = new Date('2026-03-04T05:06:07Z');

  function withExtras(): Customer {
    const customer = new Customer();
    customer.externalId = EXTERNAL_ID;
    customer.chargeover = { custom_1: 'gold', custom_2: 'silver', tags: ['vip'], no_dunning: true, bill_country: 'USA' };
    customer.updatedAt = before;
    return customer;
  }

  it('keeps absent keys, deletes keys sent as null and sets values', () => {
    const customer = withExtras();

    customer.applyChargeOver({ custom_2: null, no_dunning: false, class_id: 3, tags: ['vip', 'west'] }, now);

    expect(customer.chargeover).toStrictEqual({ custom_1: 'gold', tags: ['vip', 'west'], no_dunning: false, bill_country: 'USA', class_id: 3 });
    expect(customer.chargeover).not.toHaveProperty('custom_2');
  });

  it('an undefined value keeps the key', () => {
    const customer = withExtras();

    customer.applyChargeOver({ custom_1: undefined }, now);

    expect(customer.chargeover.custom_1).toBe('gold');
  });

  it('false and "" are values, not deletions', () => {
    const customer = withExtras();

    customer.applyChargeOver({ no_dunning: false, custom_1: '' }, now);

    expect(customer.chargeover).toMatchObject({ no_dunning: false, custom_1: '' });
  });

  it('nothing to change still stamps updatedAt and leaves the extras equal', () => {
    const customer = withExtras();

    customer.applyChargeOver({}, now);

    expect(customer.updatedAt).toBe(now);
    expect(customer.chargeover).toStrictEqual({ custom_1: 'gold', custom_2: 'silver', tags: ['vip'], no_dunning: true, bill_country: 'USA' });
  });

  it('does not change the object it replaced (a new object, so the ORM sees the change)', () => {
    const customer = withExtras();
    const previous = customer.chargeover;

    customer.applyChargeOver({ custom_1: 'platinum' }, now);

    expect(previous.custom_1).toBe('gold');
    expect(customer.chargeover).not.toBe(previous);
  });
});

describe('Customer#apply keeps the ChargeOver country text in step', () => {
  const now = new Date('2026-03-04T05:06:07Z');

  function customerWith(chargeover: Customer['chargeover'], country: string | null = null, shippingCountry: string | null = null): Customer {
    const customer = new Customer();
    customer.externalId = EXTERNAL_ID;
    customer.country = country;
    customer.shippingCountry = shippingCountry;
    customer.chargeover = chargeover;
    return customer;
  }

  it('a Lago country code sets bill_country to its English name', () => {
    const customer = customerWith({});

    customer.apply({ external_id: EXTERNAL_ID, country: 'FR' }, now, false);

    expect(customer.country).toBe('FR');
    expect(customer.chargeover.bill_country).toBe('France');
  });

  it.each([
    ['france', 'FR'],
    ['USA', 'US'],
    ['U.S.A.', 'US'],
  ])('text %p that already names %s is kept', (text, code) => {
    const customer = customerWith({ bill_country: text }, code);

    customer.apply({ external_id: EXTERNAL_ID, country: code }, now, false);

    expect(customer.chargeover.bill_country).toBe(text);
  });

  it('text naming another country is replaced', () => {
    const customer = customerWith({ bill_country: 'USA', custom_1: 'kept' }, 'US');

    customer.apply({ external_id: EXTERNAL_ID, country: 'CA' }, now, false);

    expect(customer.chargeover).toStrictEqual({ bill_country: 'Canada', custom_1: 'kept' });
  });

  it('unknown text is replaced by the name of the new code', () => {
    const customer = customerWith({ bill_country: 'Atlantis' });

    customer.apply({ external_id: EXTERNAL_ID, country: 'DE' }, now, false);

    expect(customer.chargeover.bill_country).toBe('Germany');
  });

  it('country null removes the text', () => {
    const customer = customerWith({ bill_country: 'france', ship_country: 'Canada' }, 'FR', 'CA');

    customer.apply({ external_id: EXTERNAL_ID, country: null }, now, false);

    expect(customer.country).toBeNull();
    expect(customer.chargeover).toStrictEqual({ ship_country: 'Canada' });
    expect(customer.chargeover).not.toHaveProperty('bill_country');
  });

  it('a Lago write without a country key leaves the text alone', () => {
    const customer = customerWith({ bill_country: 'Old Text', ship_country: 'Other Text' }, 'FR', 'CA');

    customer.apply({ external_id: EXTERNAL_ID, name: 'Renamed', shipping_address: { city: 'Lyon' } }, now, false);

    expect(customer.chargeover).toStrictEqual({ bill_country: 'Old Text', ship_country: 'Other Text' });
  });

  it('shipping_address.country sets ship_country and leaves bill_country', () => {
    const customer = customerWith({ bill_country: 'USA' }, 'US');

    customer.apply({ external_id: EXTERNAL_ID, shipping_address: { country: 'DE' } }, now, false);

    expect(customer.shippingCountry).toBe('DE');
    expect(customer.chargeover).toStrictEqual({ bill_country: 'USA', ship_country: 'Germany' });
  });

  it('shipping_address.country naming the same country keeps the text', () => {
    const customer = customerWith({ ship_country: 'holland' }, null, 'NL');

    customer.apply({ external_id: EXTERNAL_ID, shipping_address: { country: 'NL' } }, now, false);

    expect(customer.chargeover.ship_country).toBe('holland');
  });

  it('shipping_address.country null removes ship_country', () => {
    const customer = customerWith({ ship_country: 'Canada', bill_country: 'USA' }, 'US', 'CA');

    customer.apply({ external_id: EXTERNAL_ID, shipping_address: { country: null } }, now, false);

    expect(customer.chargeover).toStrictEqual({ bill_country: 'USA' });
  });

  it('a ChargeOver write: apply, then applyChargeOver, keeps the text as written', () => {
    const customer = customerWith({ bill_country: 'Canada' }, 'CA');

    customer.apply({ external_id: EXTERNAL_ID, country: 'US' }, now, false);
    customer.applyChargeOver({ bill_country: 'U.S.' }, now);

    expect(customer.country).toBe('US');
    expect(customer.chargeover.bill_country).toBe('U.S.');
  });
});
