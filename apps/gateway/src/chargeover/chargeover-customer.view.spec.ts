import type { ChargeOverCustomerV1, ChargeOverExtrasV1, CustomerAmountsV1, CustomerV1 } from '@app/contracts';
import { chargeOverAmount, chargeOverTime, toChargeOverCustomer } from './chargeover-customer.view';
import { DEFAULT_CHARGEOVER_TABLES, chargeOverTables } from './chargeover-tables';

const tables = chargeOverTables(DEFAULT_CHARGEOVER_TABLES);
const LAGO_ID = '3f2c9a1e-7b4d-4c8e-9a6f-0d1e2f3a4b5c';

function customer(overrides: Partial<CustomerV1> = {}): CustomerV1 {
  return {
    lago_id: LAGO_ID,
    billing_entity_code: 'co_view_spec',
    external_id: 'co-view-spec-1',
    account_type: 'customer',
    name: 'Acme Widgets',
    firstname: 'Jane',
    lastname: 'Doe',
    customer_type: 'company',
    sequential_id: 42,
    slug: 'ACM-1A2B-042',
    created_at: '2024-05-06T07:08:09.123Z',
    updated_at: '2024-06-07T18:19:20Z',
    country: 'US',
    address_line1: '1 Main St',
    address_line2: 'Suite 5',
    state: 'IL',
    zipcode: '62701',
    email: 'jane@acme.test',
    city: 'Springfield',
    url: null,
    phone: '+1 555 0100',
    logo_url: null,
    legal_name: null,
    legal_number: null,
    currency: 'USD',
    tax_identification_number: 'EIN-12',
    timezone: null,
    applicable_timezone: 'UTC',
    net_payment_term: 30,
    external_salesforce_id: null,
    finalize_zero_amount_invoice: 'inherit',
    billing_configuration: {
      invoice_grace_period: null,
      payment_provider: null,
      payment_provider_code: null,
      document_locale: 'fr',
      subscription_invoice_issuing_date_anchor: null,
      subscription_invoice_issuing_date_adjustment: null,
    },
    shipping_address: { address_line1: '2 Dock Rd', address_line2: null, city: 'Toronto', zipcode: 'M5V 2T6', state: 'ON', country: 'CA' },
    skip_invoice_custom_sections: false,
    metadata: [],
    ...overrides,
  };
}

const NO_AMOUNTS: CustomerAmountsV1 = { total_cents: 0, paid_cents: 0, balance_cents: 0, overdue: false };

function record(
  overrides: { customer?: Partial<CustomerV1>; extras?: ChargeOverExtrasV1; amounts?: Partial<CustomerAmountsV1>; generated?: boolean } = {},
): ChargeOverCustomerV1 {
  return {
    customer: customer(overrides.customer),
    extras: overrides.extras ?? {},
    external_id_generated: overrides.generated ?? false,
    amounts: { ...NO_AMOUNTS, ...overrides.amounts },
  };
}

const view = (overrides: Parameters<typeof record>[0] = {}) => toChargeOverCustomer(record(overrides), tables);

describe('chargeOverTime', () => {
  it.each([
    ['2024-05-06T07:08:09.123Z', '2024-05-06 07:08:09'],
    ['2024-05-06T07:08:09Z', '2024-05-06 07:08:09'],
    ['2024-12-31T23:59:59.999999Z', '2024-12-31 23:59:59'],
  ])('%s is %s', (iso, text) => {
    expect(chargeOverTime(iso)).toBe(text);
  });
});

describe('chargeOverAmount', () => {
  it.each([
    [1234, 'USD', 12.34],
    [5, 'USD', 0.05],
    [100, 'EUR', 1],
    [-250, 'EUR', -2.5],
    [1234, 'JPY', 1234],
    [1234, 'KWD', 1.234],
    [1234, null, 12.34],
    [0, 'USD', 0],
  ])('%i minor units of %s is %p', (cents, currency, amount) => {
    expect(chargeOverAmount(cents, currency)).toBe(amount);
  });

  it('a code Intl does not know is taken with 2 decimals', () => {
    expect(chargeOverAmount(1234, 'NOT-A-CODE')).toBe(12.34);
  });
});

describe('toChargeOverCustomer', () => {
  it('ids are the integer sequential id; token is the lago_id without dashes', () => {
    const co = view();

    expect(co).toMatchObject({ customer_id: 42, superuser_id: 42, token: '3f2c9a1e7b4d4c8e9a6f0d1e2f3a4b5c', superuser_token: '3f2c9a1e7b4d4c8e9a6f0d1e2f3a4b5c' });
  });

  it('external_key is the external_id, or null when the service made it up', () => {
    expect(view().external_key).toBe('co-view-spec-1');
    expect(view({ customer: { external_id: 'co-42' }, generated: true }).external_key).toBeNull();
  });

  it('company and display_as are the name', () => {
    expect(view()).toMatchObject({ company: 'Acme Widgets', display_as: 'Acme Widgets' });
  });

  it('timestamps are YYYY-MM-DD HH:MM:SS', () => {
    expect(view()).toMatchObject({ write_datetime: '2024-05-06 07:08:09', mod_datetime: '2024-06-07 18:19:20' });
  });

  describe('currency', () => {
    it('USD is currency_id 1 and "$"', () => {
      expect(view()).toMatchObject({ currency_id: 1, currency_iso4217: 'USD', currency_symbol: '$' });
    });

    it('EUR is currency_id 4 and "€"', () => {
      expect(view({ customer: { currency: 'EUR' } })).toMatchObject({ currency_id: 4, currency_iso4217: 'EUR', currency_symbol: '€' });
    });

    it('a currency not in the table has currency_id null and its iso code', () => {
      const co = view({ customer: { currency: 'PLN' } });

      expect(co.currency_id).toBeNull();
      expect(co.currency_iso4217).toBe('PLN');
    });

    it('no currency: id, code and symbol are null', () => {
      expect(view({ customer: { currency: null } })).toMatchObject({ currency_id: null, currency_iso4217: null, currency_symbol: null });
    });
  });

  describe('amounts', () => {
    it('USD cents are shown with 2 decimals', () => {
      const co = view({ amounts: { total_cents: 123456, paid_cents: 100000, balance_cents: 23456 } });

      expect([co.total, co.paid, co.balance]).toStrictEqual([1234.56, 1000, 234.56]);
    });

    it('JPY has no decimals', () => {
      const co = view({ customer: { currency: 'JPY' }, amounts: { total_cents: 5000, paid_cents: 1200, balance_cents: 3800 } });

      expect([co.total, co.paid, co.balance]).toStrictEqual([5000, 1200, 3800]);
    });
  });

  describe('status', () => {
    it('not overdue is active-current', () => {
      expect(view()).toMatchObject({ customer_status_id: 1, customer_status_name: 'Current', customer_status_str: 'active-current', customer_status_state: 'a' });
    });

    it('overdue is active-overdue', () => {
      expect(view({ amounts: { overdue: true, total_cents: 100, balance_cents: 100 } })).toMatchObject({
        customer_status_id: 2,
        customer_status_name: 'Over Due',
        customer_status_str: 'active-overdue',
        customer_status_state: 'a',
      });
    });
  });

  describe('countries', () => {
    it('are the text ChargeOver was given when there is one', () => {
      const co = view({ extras: { bill_country: 'U.S.A.', ship_country: 'canada' } });

      expect([co.bill_country, co.ship_country]).toStrictEqual(['U.S.A.', 'canada']);
    });

    it('else the English name of the Lago code', () => {
      const co = view();

      expect([co.bill_country, co.ship_country]).toStrictEqual(['United States', 'Canada']);
    });

    it('are null without text or code', () => {
      const co = view({ customer: { country: null, shipping_address: { ...customer().shipping_address, country: null } } });

      expect([co.bill_country, co.ship_country]).toStrictEqual([null, null]);
    });
  });

  describe('terms and language', () => {
    it.each([
      [0, 1, 'Due on Receipt'],
      [30, 5, 'Net 30'],
      [90, 8, 'Net 90'],
      [20, null, 'Net 20'],
    ])('net_payment_term %i is terms_id %p, %s', (days, termsId, name) => {
      expect(view({ customer: { net_payment_term: days } })).toMatchObject({ terms_id: termsId, terms_name: name, terms_days: days });
    });

    it('no net_payment_term: terms are null', () => {
      expect(view({ customer: { net_payment_term: null } })).toMatchObject({ terms_id: null, terms_name: null, terms_days: null });
    });

    it('document_locale is language_id through the table', () => {
      expect(view().language_id).toBe(2);
      expect(view({ customer: { billing_configuration: { ...customer().billing_configuration, document_locale: 'zh-TW' } } }).language_id).toBe(9);
      expect(view({ customer: { billing_configuration: { ...customer().billing_configuration, document_locale: null } } }).language_id).toBeNull();
    });
  });

  describe('contact and address', () => {
    it('the main contact is the customer', () => {
      expect(view()).toMatchObject({
        superuser_name: 'Jane Doe',
        superuser_first_name: 'Jane',
        superuser_last_name: 'Doe',
        superuser_email: 'jane@acme.test',
        superuser_phone: '+1 555 0100',
        email: 'jane@acme.test',
        bill_email: 'jane@acme.test',
        phone: '+1 555 0100',
        tax_ident: 'EIN-12',
      });
    });

    it('superuser_name is the first name alone, or null without names', () => {
      expect(view({ customer: { lastname: null } }).superuser_name).toBe('Jane');
      expect(view({ customer: { firstname: null, lastname: null } }).superuser_name).toBeNull();
    });

    it('bill_* and ship_* fields are the Lago address', () => {
      expect(view()).toMatchObject({
        bill_addr1: '1 Main St',
        bill_addr2: 'Suite 5',
        bill_addr3: null,
        bill_city: 'Springfield',
        bill_state: 'IL',
        bill_postcode: '62701',
        ship_addr1: '2 Dock Rd',
        ship_addr2: null,
        ship_addr3: null,
        ship_city: 'Toronto',
        ship_state: 'ON',
        ship_postcode: 'M5V 2T6',
      });
    });

    it('bill_block is name, lines, "city, state zip" and country, one per line', () => {
      expect(view().bill_block).toBe('Acme Widgets\n1 Main St\nSuite 5\nSpringfield, IL 62701\nUnited States');
    });

    it('ship_block leaves out empty parts and shows the country text', () => {
      expect(view({ extras: { ship_country: 'Kanada' } }).ship_block).toBe('2 Dock Rd\nToronto, ON M5V 2T6\nKanada');
    });

    it('blocks without a state or city still read well', () => {
      const co = view({ customer: { address_line2: null, state: null, city: null, zipcode: '75001', country: 'FR' } });

      expect(co.bill_block).toBe('Acme Widgets\n1 Main St\n75001\nFrance');
    });

    it('an empty shipping address is an empty ship_block', () => {
      const empty = { address_line1: null, address_line2: null, city: null, zipcode: null, state: null, country: null };

      expect(view({ customer: { shipping_address: empty } }).ship_block).toBe('');
    });
  });

  describe('ChargeOver extras', () => {
    it('custom_1..custom_20 are all present, null when unset', () => {
      const co = view({ extras: { custom_1: 'gold', custom_20: 'last' } });
      const customs = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`custom_${i + 1}`, co[`custom_${i + 1}`]]));

      expect(customs).toStrictEqual({
        ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`custom_${i + 1}`, null])),
        custom_1: 'gold',
        custom_20: 'last',
      });
      expect(co).not.toHaveProperty('custom_21');
    });

    it('stored extras are shown as stored', () => {
      const co = view({
        extras: {
          parent_customer_id: 7,
          class_id: 3,
          admin_id: 9,
          campaign_id: 11,
          campaign_details: 'spring fair',
          brand_id: 2,
          superuser_username: 'jdoe',
          no_taxes: true,
          no_dunning: true,
          no_latefees: true,
          no_procfees: true,
          invoice_delivery: 'print',
          dunning_delivery: 'print',
          tags: ['vip'],
        },
      });

      expect(co).toMatchObject({
        parent_customer_id: 7,
        class_id: 3,
        admin_id: 9,
        campaign_id: 11,
        campaign_details: 'spring fair',
        brand_id: 2,
        superuser_username: 'jdoe',
        no_taxes: true,
        no_dunning: true,
        no_latefees: true,
        no_procfees: true,
        invoice_delivery: 'print',
        dunning_delivery: 'print',
        tags: ['vip'],
      });
    });

    it('without extras: ids null, flags false, deliveries email, tags empty', () => {
      expect(view()).toMatchObject({
        parent_customer_id: null,
        class_id: null,
        admin_id: null,
        campaign_id: null,
        campaign_details: null,
        brand_id: null,
        superuser_username: null,
        no_taxes: false,
        no_dunning: false,
        no_latefees: false,
        no_procfees: false,
        invoice_delivery: 'email',
        dunning_delivery: 'email',
        tags: [],
      });
    });
  });

  it('has every read-side field of the documented customer object (A.4)', () => {
    const documented = [
      'customer_id', 'superuser_id', 'token', 'bill_notes', 'ship_notes', 'bill_email', 'ship_email', 'email', 'phone', 'terms_name',
      'terms_days', 'class_name', 'admin_name', 'admin_email', 'currency_iso4217', 'currency_symbol', 'default_paymethod',
      'default_creditcard_id', 'default_ach_id', 'write_datetime', 'write_ipaddr', 'mod_datetime', 'mod_ipaddr', 'paid', 'total',
      'balance', 'url_paymethodlink', 'url_self', 'url_statementlink', 'display_as', 'bill_block', 'ship_block', 'superuser_token',
      'superuser_title', 'customer_status_id', 'customer_status_name', 'customer_status_str', 'customer_status_state',
      'parent_customer_id', 'external_key', 'company', 'language_id', 'currency_id', 'class_id', 'admin_id', 'campaign_id',
      'campaign_details', 'superuser_username', 'superuser_email', 'superuser_name', 'superuser_first_name', 'superuser_last_name',
      'superuser_phone', 'bill_addr1', 'bill_addr2', 'bill_addr3', 'bill_city', 'bill_state', 'bill_postcode', 'bill_country',
      'ship_addr1', 'ship_addr2', 'ship_addr3', 'ship_city', 'ship_state', 'ship_postcode', 'ship_country', 'brand_id', 'terms_id',
      'no_taxes', 'no_dunning', 'no_latefees', 'no_procfees', 'invoice_delivery', 'dunning_delivery', 'tax_ident', 'tags',
    ];

    expect(Object.keys(view())).toEqual(expect.arrayContaining(documented));
  });
});
