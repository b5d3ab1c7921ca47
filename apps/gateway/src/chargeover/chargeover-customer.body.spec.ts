import { readChargeOverCustomer, type ChargeOverWrite } from './chargeover-customer.body';
import { ChargeOverError } from './chargeover-envelope';
import { DEFAULT_CHARGEOVER_TABLES, chargeOverTables } from './chargeover-tables';

const tables = chargeOverTables(DEFAULT_CHARGEOVER_TABLES);
const EXTERNAL_KEY = 'co-body-spec-1';
const BAD_REQUEST = 'Missing or invalid parameter.';

const create = (raw: unknown) => readChargeOverCustomer(raw, 'create', tables);
const update = (raw: unknown) => readChargeOverCustomer(raw, 'update', tables);

/** The ChargeOverError the read rejects with (fails the test if it resolves or throws something else). */
async function errorOf(raw: unknown, mode: 'create' | 'update'): Promise<ChargeOverError> {
  const outcome = await readChargeOverCustomer(raw, mode, tables).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a ChargeOverError, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(ChargeOverError);
  const error = outcome.error as ChargeOverError;
  expect(error.status).toBe(400);
  expect(error.message).toBe(BAD_REQUEST);
  return error;
}

/** `details` of the 400 for this body. */
const detailsOf = async (raw: unknown, mode: 'create' | 'update' = 'create') => (await errorOf(raw, mode)).details;

describe('readChargeOverCustomer', () => {
  describe('A.9 mapping', () => {
    it('maps a full create body onto Lago fields and ChargeOver extras', async () => {
      const write = await create({
        external_key: EXTERNAL_KEY,
        company: 'Acme Widgets',
        superuser_email: 'jane@acme.test',
        superuser_phone: '+1 555 0100',
        superuser_first_name: 'Jane',
        superuser_last_name: 'Doe',
        superuser_username: 'jdoe',
        bill_addr1: '1 Main St',
        bill_addr2: 'Suite 5',
        bill_addr3: 'Building B',
        bill_city: 'Springfield',
        bill_state: 'IL',
        bill_postcode: '62701',
        bill_country: 'United States',
        ship_addr1: '2 Dock Rd',
        ship_city: 'Toronto',
        ship_state: 'ON',
        ship_postcode: 'M5V 2T6',
        ship_country: 'Canada',
        currency_id: 4,
        language_id: 2,
        terms_id: 5,
        tax_ident: 'EIN-12',
        parent_customer_id: 7,
        class_id: 3,
        admin_id: 9,
        campaign_id: 11,
        campaign_details: 'spring fair',
        brand_id: 2,
        no_taxes: true,
        no_dunning: false,
        no_latefees: true,
        no_procfees: false,
        invoice_delivery: 'print',
        dunning_delivery: 'email',
        tags: ['vip', 'west'],
        custom_1: 'gold',
        custom_20: 'last',
      });

      expect(write).toStrictEqual<ChargeOverWrite>({
        external_id: EXTERNAL_KEY,
        fields: {
          name: 'Acme Widgets',
          email: 'jane@acme.test',
          phone: '+1 555 0100',
          tax_identification_number: 'EIN-12',
          currency: 'EUR',
          net_payment_term: 30,
          billing_configuration: { document_locale: 'fr' },
          firstname: 'Jane',
          lastname: 'Doe',
          address_line1: '1 Main St',
          address_line2: 'Suite 5, Building B',
          city: 'Springfield',
          state: 'IL',
          zipcode: '62701',
          country: 'US',
          shipping_address: { address_line1: '2 Dock Rd', city: 'Toronto', state: 'ON', zipcode: 'M5V 2T6', country: 'CA' },
        },
        extras: {
          bill_country: 'United States',
          ship_country: 'Canada',
          parent_customer_id: 7,
          class_id: 3,
          admin_id: 9,
          campaign_id: 11,
          campaign_details: 'spring fair',
          brand_id: 2,
          superuser_username: 'jdoe',
          no_taxes: true,
          no_dunning: false,
          no_latefees: true,
          no_procfees: false,
          invoice_delivery: 'print',
          dunning_delivery: 'email',
          tags: ['vip', 'west'],
          custom_1: 'gold',
          custom_20: 'last',
        },
      });
    });

    it('company alone gives only name, and external_id null (the service makes one up)', async () => {
      expect(await create({ company: 'Solo Ltd' })).toStrictEqual({ external_id: null, fields: { name: 'Solo Ltd' }, extras: {} });
    });

    it.each([
      ['first and last name', 'Jane Doe', 'Jane', 'Doe'],
      ['everything after the first word as last name', '  Mary  Ann  van Dyke ', 'Mary', 'Ann van Dyke'],
      ['one word as first name only', 'Cher', 'Cher', null],
    ])('superuser_name alone is split: %s', async (_label, full, firstname, lastname) => {
      const { fields } = await create({ company: 'Names Co', superuser_name: full });

      expect([fields.firstname, fields.lastname]).toStrictEqual([firstname, lastname]);
    });

    it('superuser_name is not split when superuser_first_name is given', async () => {
      const { fields } = await create({ company: 'Names Co', superuser_name: 'Jane Doe', superuser_first_name: 'Janet' });

      expect(fields.firstname).toBe('Janet');
      expect(fields).not.toHaveProperty('lastname');
    });

    it('superuser_name is not split when superuser_last_name is given', async () => {
      const { fields } = await create({ company: 'Names Co', superuser_name: 'Jane Doe', superuser_last_name: 'Smith' });

      expect(fields.lastname).toBe('Smith');
      expect(fields).not.toHaveProperty('firstname');
    });

    it('bill_addr3 alone becomes address_line2; bill_addr2 alone stays as sent', async () => {
      expect((await create({ company: 'Addr Co', bill_addr3: 'Floor 3' })).fields.address_line2).toBe('Floor 3');
      expect((await create({ company: 'Addr Co', bill_addr2: 'Suite 9' })).fields.address_line2).toBe('Suite 9');
    });

    it('ship_addr3 is appended to shipping address_line2 with ", "', async () => {
      const { fields } = await create({ company: 'Addr Co', ship_addr2: 'Dock 4', ship_addr3: 'Gate C' });

      expect(fields.shipping_address).toStrictEqual({ address_line2: 'Dock 4, Gate C' });
    });

    it.each([
      ['an ISO code in lower case', 'fr', 'FR'],
      ['an alias', 'USA', 'US'],
      ['an English name with odd case and spaces', '  united   kingdom ', 'GB'],
      ['dotted initials', 'U.S.A.', 'US'],
    ])('bill_country as %s gives the ISO code and keeps the text', async (_label, text, code) => {
      const write = await create({ company: 'Country Co', bill_country: text });

      expect(write.fields.country).toBe(code);
      expect(write.extras.bill_country).toBe(text);
    });

    it('an unknown bill_country gives country null and keeps the text', async () => {
      const write = await create({ company: 'Country Co', bill_country: 'Atlantis' });

      expect(write.fields).toHaveProperty('country', null);
      expect(write.extras.bill_country).toBe('Atlantis');
    });

    it('ship_country follows the same rule into shipping_address.country', async () => {
      const unknown = await create({ company: 'Country Co', ship_country: 'Deutschland' });
      const named = await create({ company: 'Country Co', ship_country: 'Germany' });

      expect(unknown.fields.shipping_address).toStrictEqual({ country: null });
      expect(unknown.extras.ship_country).toBe('Deutschland');
      expect(named.fields.shipping_address).toStrictEqual({ country: 'DE' });
      expect(named.fields).not.toHaveProperty('country');
    });

    it.each([
      ['currency_id 1', { currency_id: 1 }, { currency: 'USD' }],
      ['currency_id 8', { currency_id: 8 }, { currency: 'JPY' }],
      ['language_id 3', { language_id: 3 }, { billing_configuration: { document_locale: 'de' } }],
      ['language_id 8', { language_id: 8 }, { billing_configuration: { document_locale: 'pt-BR' } }],
      ['terms_id 1 (due on receipt)', { terms_id: 1 }, { net_payment_term: 0 }],
      ['terms_id 8', { terms_id: 8 }, { net_payment_term: 90 }],
    ])('%s goes through the table', async (_label, sent, expected) => {
      const { fields } = await create({ company: 'Table Co', ...sent });

      expect(fields).toStrictEqual({ name: 'Table Co', ...expected });
    });

    it('numbers are taken as text for text fields', async () => {
      const write = await create({ company: 12345, bill_postcode: 90210, superuser_phone: 5550100, custom_2: 42, tax_ident: 77 });

      expect(write.fields).toMatchObject({ name: '12345', zipcode: '90210', phone: '5550100', tax_identification_number: '77' });
      expect(write.extras.custom_2).toBe('42');
    });

    it('digit strings are taken as ids', async () => {
      const write = await create({ company: 'Ids Co', currency_id: '3', terms_id: ' 6 ', language_id: '9', parent_customer_id: '15', brand_id: '4' });

      expect(write.fields).toMatchObject({ currency: 'GBP', net_payment_term: 45, billing_configuration: { document_locale: 'zh-TW' } });
      expect(write.extras).toStrictEqual({ parent_customer_id: 15, brand_id: 4 });
    });

    it.each([
      [1, true],
      [0, false],
      ['1', true],
      ['0', false],
      ['true', true],
      ['false', false],
      [true, true],
      [false, false],
    ])('flag %p is %p', async (sent, expected) => {
      const { extras } = await create({ company: 'Flag Co', no_taxes: sent, no_dunning: sent });

      expect(extras.no_taxes).toBe(expected);
      expect(extras.no_dunning).toBe(expected);
    });

    it('tags as one comma-separated string become a list of trimmed words', async () => {
      expect((await create({ company: 'Tag Co', tags: ' red, green ,,blue ' })).extras.tags).toStrictEqual(['red', 'green', 'blue']);
    });

    it('numeric tags are taken as text', async () => {
      expect((await create({ company: 'Tag Co', tags: ['a', 7] })).extras.tags).toStrictEqual(['a', '7']);
    });

    it('NUL bytes are stripped from text', async () => {
      expect((await create({ company: 'Nul\u0000 Co' })).fields.name).toBe('Nul Co');
    });

    it('unknown keys are ignored', async () => {
      const write = await create({ company: 'Extra Co', customer_id: 99, token: 'abc', custom_21: 'x', name: 'Other', external_id: 'lago-id', email: 'x@y.z' });

      expect(write).toStrictEqual({ external_id: null, fields: { name: 'Extra Co' }, extras: {} });
    });
  });

  describe('create', () => {
    it('null and blank values mean absent', async () => {
      const write = await create({
        company: 'Blank Co',
        external_key: '  ',
        superuser_email: '',
        superuser_phone: null,
        bill_addr1: '',
        bill_country: '   ',
        ship_country: null,
        currency_id: null,
        custom_1: '',
        no_taxes: null,
      });

      expect(write).toStrictEqual({ external_id: null, fields: { name: 'Blank Co' }, extras: {} });
    });

    it.each([
      ['absent', {}],
      ['null', { company: null }],
      ['empty', { company: '' }],
      ['blank', { company: '   ' }],
      ['only NUL bytes', { company: '\u0000' }],
    ])('company %s is required', async (_label, body) => {
      expect(await detailsOf({ ...body, superuser_email: 'a@b.co' })).toStrictEqual({ company: 'required' });
    });
  });

  describe('update', () => {
    it('keys absent from the body are absent from the result (no external_id either)', async () => {
      expect(await update({ superuser_phone: '+44 20 0000' })).toStrictEqual({ fields: { phone: '+44 20 0000' }, extras: {} });
    });

    it('an empty body changes nothing', async () => {
      expect(await update({})).toStrictEqual({ fields: {}, extras: {} });
    });

    it('null and "" clear text fields', async () => {
      const write = await update({ superuser_email: '', superuser_phone: null, bill_addr1: '', bill_city: null, tax_ident: ' ', custom_3: '', campaign_details: null });

      expect(write).toStrictEqual({
        fields: { email: null, phone: null, tax_identification_number: null, address_line1: null, city: null },
        extras: { custom_3: null, campaign_details: null },
      });
    });

    it('null clears ids and flags through the tables and into extras', async () => {
      const write = await update({ currency_id: null, terms_id: null, language_id: null, class_id: null, no_dunning: null });

      expect(write).toStrictEqual({
        fields: { currency: null, net_payment_term: null, billing_configuration: { document_locale: null } },
        extras: { class_id: null, no_dunning: null },
      });
    });

    it('clearing bill_country clears both the code and the text', async () => {
      const write = await update({ bill_country: '' });

      expect(write).toStrictEqual({ fields: { country: null }, extras: { bill_country: null } });
    });

    it('clearing ship_country clears shipping_address.country and the text', async () => {
      const write = await update({ ship_country: null });

      expect(write).toStrictEqual({ fields: { shipping_address: { country: null } }, extras: { ship_country: null } });
    });

    it('superuser_name null clears both names', async () => {
      expect((await update({ superuser_name: null })).fields).toStrictEqual({ firstname: null, lastname: null });
    });

    it('bill_addr2 cleared with bill_addr3 absent clears address_line2', async () => {
      expect((await update({ bill_addr2: null })).fields).toStrictEqual({ address_line2: null });
    });

    it.each([
      ['null', null],
      ['empty', ''],
      ['blank', '  '],
    ])('company %s cannot be cleared', async (_label, company) => {
      expect(await detailsOf({ company }, 'update')).toStrictEqual({ company: 'required' });
    });

    it('a new company is the new name', async () => {
      expect(await update({ company: 'Renamed Inc' })).toStrictEqual({ fields: { name: 'Renamed Inc' }, extras: {} });
    });

    it.each([
      ['null', null],
      ['empty', ''],
    ])('external_key %s is refused', async (_label, external_key) => {
      expect(await detailsOf({ external_key }, 'update')).toStrictEqual({ external_key: 'invalid' });
    });

    it('an external_key sent is the external_id', async () => {
      expect(await update({ external_key: EXTERNAL_KEY })).toStrictEqual({ external_id: EXTERNAL_KEY, fields: {}, extras: {} });
    });
  });

  describe('400 errors', () => {
    it.each([
      ['a string', 'company=Acme'],
      ['null', null],
      ['an array', [{ company: 'Acme' }]],
      ['a number', 42],
    ])('a body that is %s is 400 with empty details', async (_label, raw) => {
      expect(await detailsOf(raw, 'create')).toStrictEqual({});
      expect(await detailsOf(raw, 'update')).toStrictEqual({});
    });

    it('the error body is ChargeOver\'s envelope', async () => {
      const error = await errorOf({ company: 'Err Co', currency_id: 999 }, 'create');

      expect(error.body).toStrictEqual({ code: 400, status: 'Error', message: BAD_REQUEST, details: { currency_id: 'unknown_id' }, response: false });
    });

    it.each([
      ['currency_id', 16],
      ['language_id', 10],
      ['terms_id', 9],
    ])('%s %i not in the table is unknown_id', async (key, id) => {
      expect(await detailsOf({ company: 'Err Co', [key]: id })).toStrictEqual({ [key]: 'unknown_id' });
    });

    it.each([
      ['company', 'x'.repeat(256)],
      ['bill_addr1', 'x'.repeat(256)],
      ['custom_7', 'x'.repeat(256)],
      ['campaign_details', 'x'.repeat(1001)],
      ['superuser_email', `${'a'.repeat(250)}@b.com`],
    ])('%s too long is too_long', async (key, value) => {
      expect(await detailsOf({ company: 'Err Co', [key]: value })).toStrictEqual({ [key]: 'too_long' });
    });

    it('text at the limit is accepted (255 characters, 1000 for campaign_details)', async () => {
      const write = await create({ company: 'x'.repeat(255), campaign_details: 'y'.repeat(1000) });

      expect(write.fields.name).toHaveLength(255);
      expect(write.extras.campaign_details).toHaveLength(1000);
    });

    it.each([
      ['company', { a: 1 }],
      ['company', true],
      ['bill_city', ['Paris']],
      ['currency_id', 'USD'],
      ['currency_id', 1.5],
      ['currency_id', 0],
      ['currency_id', -1],
      ['parent_customer_id', 2_147_483_648],
      ['class_id', '12abc'],
      ['no_taxes', 'yes'],
      ['no_taxes', 2],
      ['invoice_delivery', 'fax'],
      ['dunning_delivery', 'EMAIL'],
      ['superuser_email', 'not-an-email'],
      ['superuser_email', 123],
      ['tags', { a: 1 }],
      ['tags', [{ a: 1 }]],
    ])('%s = %p is invalid', async (key, value) => {
      expect(await detailsOf({ company: 'Err Co', [key]: value })).toStrictEqual({ [key]: 'invalid' });
    });

    it('more than 50 tags, or a tag over 100 characters, is too_long', async () => {
      expect(await detailsOf({ company: 'Err Co', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) })).toStrictEqual({ tags: 'too_long' });
      expect(await detailsOf({ company: 'Err Co', tags: ['x'.repeat(101)] })).toStrictEqual({ tags: 'too_long' });
    });

    it('every bad field is named at once', async () => {
      expect(await detailsOf({ company: null, currency_id: 77, superuser_email: 'nope', invoice_delivery: 'fax' })).toStrictEqual({
        company: 'required',
        currency_id: 'unknown_id',
        superuser_email: 'invalid',
        invoice_delivery: 'invalid',
      });
    });

    it('a non-finite number is not taken as text', async () => {
      expect(await detailsOf({ company: Number.POSITIVE_INFINITY })).toStrictEqual({ company: 'invalid' });
    });

    it('superuser_email accepts a comma-separated list and normalises dash look-alikes', async () => {
      expect((await create({ company: 'Mail Co', superuser_email: ' a@b.co, jean\u2013luc@c.fr ' })).fields.email).toBe('a@b.co, jean-luc@c.fr');
    });
  });
});

describe('readChargeOverCustomer: blank non-text values', () => {
  it('reads "" for an id, a flag, a delivery method or tags as no value: absent on create, cleared on update', async () => {
    const blank = { company: 'A', currency_id: '', class_id: ' ', no_taxes: '', invoice_delivery: '', tags: '' };
    const created = await readChargeOverCustomer(blank, 'create', chargeOverTables(DEFAULT_CHARGEOVER_TABLES));
    expect(created.fields).toEqual({ name: 'A' });
    expect(created.extras).toEqual({});
    const updated = await readChargeOverCustomer(blank, 'update', chargeOverTables(DEFAULT_CHARGEOVER_TABLES));
    expect(updated.fields).toEqual({ name: 'A', currency: null });
    expect(updated.extras).toEqual({ class_id: null, no_taxes: null, invoice_delivery: null, tags: null });
  });

  it('reports a removed external_key together with the other invalid fields', async () => {
    const error = await readChargeOverCustomer({ external_key: null, currency_id: 99 }, 'update', chargeOverTables(DEFAULT_CHARGEOVER_TABLES)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChargeOverError);
    expect((error as ChargeOverError).details).toEqual({ external_key: 'invalid', currency_id: 'unknown_id' });
  });
});

describe('readChargeOverCustomer with "constructor" keys in nested objects', () => {
  it.each([
    ['company', { company: { constructor: 1 } }],
    ['tags', { company: 'Acme', tags: { constructor: 1 } }],
    ['custom_1', { company: 'Acme', custom_1: [{ constructor: { x: 1 } }] }],
  ])('%s is ChargeOver\'s 400, never a TypeError (a 500)', async (_label, body) => {
    const error = await readChargeOverCustomer(body, 'create', tables).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ChargeOverError);
    expect((error as ChargeOverError).status).toBe(400);
  });
});
