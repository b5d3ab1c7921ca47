import 'reflect-metadata';
import { Type, plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Min, ValidateNested, validate } from 'class-validator';
import { LagoError } from '../http/lago-errors';
import { lago, readLagoBody, toErrorDetails } from '../http/lago-validation';
import { CustomerBody } from './customer.body';

const EXTERNAL_ID = 'cust-body-spec-1';

/** Reads `{customer: fields}` as the controller does. */
const read = (fields: unknown) => readLagoBody({ customer: fields }, 'customer', CustomerBody);

/** The Lago error `readLagoBody` rejects with (fails the test if it resolves or throws something else). */
async function lagoErrorOf(body: unknown): Promise<LagoError> {
  const outcome = await readLagoBody(body, 'customer', CustomerBody).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a LagoError, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(LagoError);
  return outcome.error as LagoError;
}

/** `error_details` of the 422 produced by the fields. */
async function detailsOf(fields: Record<string, unknown>): Promise<unknown> {
  const error = await lagoErrorOf({ customer: fields });
  expect(error.status).toBe(422);
  return error.body.error_details;
}

const MISSING_CUSTOMER = { status: 400, error: 'BadRequest: param is missing or the value is empty or invalid: customer' };

describe('readLagoBody(body, "customer", CustomerBody)', () => {
  describe('root key', () => {
    it('AC-16: a string root gives Lago 400 with the exact body', async () => {
      const error = await lagoErrorOf({ customer: 'customer' });

      expect(error.status).toBe(400);
      expect(error.body).toStrictEqual(MISSING_CUSTOMER);
    });

    it.each([
      ['missing', {}],
      ['an empty object', { customer: {} }],
      ['an array', { customer: [{ external_id: EXTERNAL_ID }] }],
      ['null', { customer: null }],
      ['a number', { customer: 42 }],
      ['under another key', { client: { external_id: EXTERNAL_ID } }],
    ])('root %s gives the same 400', async (_label, body) => {
      const error = await lagoErrorOf(body);

      expect(error.status).toBe(400);
      expect(error.body).toStrictEqual(MISSING_CUSTOMER);
    });

    it.each([
      ['null', null],
      ['a string', 'customer'],
      ['an array', [{ customer: { external_id: EXTERNAL_ID } }]],
    ])('a body that is %s gives the same 400', async (_label, body) => {
      const error = await lagoErrorOf(body);

      expect(error.body).toStrictEqual(MISSING_CUSTOMER);
    });
  });

  describe('422 validation errors', () => {
    it('AC-15: invalid currency and missing external_id give the exact Lago body', async () => {
      const error = await lagoErrorOf({ customer: { name: 'Foo Bar', currency: 'invalid' } });

      expect(error.status).toBe(422);
      expect(error.body).toStrictEqual({
        status: 422,
        error: 'Unprocessable Entity',
        code: 'validation_errors',
        error_details: { currency: ['value_is_invalid'], external_id: ['value_is_mandatory'] },
      });
    });

    it('external_id "" is value_is_mandatory', async () => {
      expect(await detailsOf({ external_id: '' })).toStrictEqual({ external_id: ['value_is_mandatory'] });
    });

    it('external_id null is value_is_mandatory', async () => {
      expect(await detailsOf({ external_id: null, name: 'Foo' })).toStrictEqual({ external_id: ['value_is_mandatory'] });
    });

    it('a name of 256 characters is value_is_too_long; 255 is accepted', async () => {
      expect(await detailsOf({ external_id: EXTERNAL_ID, name: 'n'.repeat(256) })).toStrictEqual({ name: ['value_is_too_long'] });

      const body = await read({ external_id: EXTERNAL_ID, name: 'n'.repeat(255) });
      expect(body.name).toHaveLength(255);
    });

    it('AC-17: customer_type "default_type" is value_is_invalid', async () => {
      expect(await detailsOf({ external_id: EXTERNAL_ID, customer_type: 'default_type' })).toStrictEqual({ customer_type: ['value_is_invalid'] });
    });

    it('currency in lower case is rejected (Lago does not upper-case it)', async () => {
      expect(await detailsOf({ external_id: EXTERNAL_ID, currency: 'eur' })).toStrictEqual({ currency: ['value_is_invalid'] });
    });

    it('an unknown country is not_a_valid_country_code', async () => {
      expect(await detailsOf({ external_id: EXTERNAL_ID, country: 'QQ' })).toStrictEqual({ country: ['not_a_valid_country_code'] });
    });

    it('a negative net_payment_term is value_is_out_of_range', async () => {
      expect(await detailsOf({ external_id: EXTERNAL_ID, net_payment_term: -1 })).toStrictEqual({ net_payment_term: ['value_is_out_of_range'] });
    });

    it.each([2_147_483_648, 1e308, '99999999999'])('net_payment_term %p, past the integer column, is value_is_out_of_range', async (term) => {
      expect(await detailsOf({ external_id: EXTERNAL_ID, net_payment_term: term })).toStrictEqual({ net_payment_term: ['value_is_out_of_range'] });
    });

    it('net_payment_term 2147483647 is the largest accepted', async () => {
      expect((await read({ external_id: EXTERNAL_ID, net_payment_term: 2_147_483_647 })).net_payment_term).toBe(2_147_483_647);
    });

    it('a negative net_payment_term sent as a string is value_is_out_of_range', async () => {
      expect(await detailsOf({ external_id: EXTERNAL_ID, net_payment_term: '-5' })).toStrictEqual({ net_payment_term: ['value_is_out_of_range'] });
    });

    it.each(['joão.silva@', '@missingusername.com', 'plainaddress', 'a@example.com,not-an-email'])(
      'AC-14: email %j is invalid_email_format',
      async (email) => {
        expect(await detailsOf({ external_id: EXTERNAL_ID, email })).toStrictEqual({ email: ['invalid_email_format'] });
      },
    );

    it('reports every invalid field at once, one code each', async () => {
      expect(
        await detailsOf({ external_id: EXTERNAL_ID, currency: 'eur', country: 'QQ', customer_type: 'x', email: 'x@', net_payment_term: -1 }),
      ).toStrictEqual({
        currency: ['value_is_invalid'],
        country: ['not_a_valid_country_code'],
        customer_type: ['value_is_invalid'],
        email: ['invalid_email_format'],
        net_payment_term: ['value_is_out_of_range'],
      });
    });
  });

  describe('normalisation', () => {
    it('AC-02: strips NUL bytes and keeps an emptied string as ""', async () => {
      const body = await read({ external_id: EXTERNAL_ID, name: 'Foo\u0000Bar', firstname: '\u0000', lastname: '\u0000', currency: 'EUR' });

      expect(body.name).toBe('FooBar');
      expect(body.firstname).toBe('');
      expect(body.lastname).toBe('');
      expect(body.currency).toBe('EUR');
    });

    it('strips NUL bytes from external_id', async () => {
      expect((await read({ external_id: 'ab\u0000c' })).external_id).toBe('abc');
    });

    it('a blank address field becomes null, other address text is kept', async () => {
      const body = await read({ external_id: EXTERNAL_ID, address_line1: '   ', city: '\u0000', zipcode: '75001' });

      expect(body.address_line1).toBeNull();
      expect(body.city).toBeNull();
      expect(body.zipcode).toBe('75001');
    });

    it('AC-12: removes invisible characters from the email', async () => {
      const body = await read({ external_id: EXTERNAL_ID, email: 'foo\u200B\u200C\u200D\u00A0\u200E\u200Fbar@example.com' });

      expect(body.email).toBe('foobar@example.com');
    });

    it('AC-12: removes a BOM and trims surrounding spaces', async () => {
      expect((await read({ external_id: EXTERNAL_ID, email: '  \uFEFFfoo@example.com  ' })).email).toBe('foo@example.com');
    });

    it.each(['\u2012', '\u2013', '\u2014', '\u2015', '\u2043', '\u2212'])('AC-13: dash look-alike U+%s becomes "-"', async (dash) => {
      const body = await read({ external_id: EXTERNAL_ID, email: `hello@something${dash}other.com` });

      expect(body.email).toBe('hello@something-other.com');
    });

    it('AC-13: a unicode local part is accepted and preserved', async () => {
      expect((await read({ external_id: EXTERNAL_ID, email: 'joão.silva@example.com' })).email).toBe('joão.silva@example.com');
    });

    it('a comma-separated list of addresses is accepted as sent', async () => {
      const email = 'billing@example.com,ops+invoices@example.org';

      expect((await read({ external_id: EXTERNAL_ID, email })).email).toBe(email);
    });

    it('country "fr" is upper-cased to "FR"', async () => {
      expect((await read({ external_id: EXTERNAL_ID, country: 'fr' })).country).toBe('FR');
    });

    it('a blank country becomes null', async () => {
      expect((await read({ external_id: EXTERNAL_ID, country: '' })).country).toBeNull();
    });

    it('net_payment_term "30" becomes the number 30', async () => {
      expect((await read({ external_id: EXTERNAL_ID, net_payment_term: '30' })).net_payment_term).toBe(30);
    });

    it('net_payment_term 0 is accepted', async () => {
      expect((await read({ external_id: EXTERNAL_ID, net_payment_term: 0 })).net_payment_term).toBe(0);
    });

    it('a number sent for external_id (or another string field) becomes a string', async () => {
      const body = await read({ external_id: 12345, phone: 33123456789, legal_number: true });

      expect(body.external_id).toBe('12345');
      expect(body.phone).toBe('33123456789');
      expect(body.legal_number).toBe('true');
    });

    it('customer_type "company" and currency "EUR" pass through unchanged', async () => {
      const body = await read({ external_id: EXTERNAL_ID, customer_type: 'company', currency: 'EUR' });

      expect(body.customer_type).toBe('company');
      expect(body.currency).toBe('EUR');
    });
  });

  describe('absent, null and dropped keys', () => {
    it('drops unknown keys and top-level keys Lago does not permit', async () => {
      const body = await read({ external_id: EXTERNAL_ID, name: 'Foo', hacker: 'x', invoice_grace_period: 3, document_locale: 'fr', payment_provider: 'stripe' });

      expect(Object.keys(body).sort()).toEqual(['external_id', 'name']);
    });

    it('a key sent as null stays present with null; a key not sent stays absent', async () => {
      const body = await read({ external_id: EXTERNAL_ID, email: null, net_payment_term: null, country: null, customer_type: null, currency: null });

      for (const key of ['email', 'net_payment_term', 'country', 'customer_type', 'currency'] as const) {
        expect(Object.prototype.hasOwnProperty.call(body, key)).toBe(true);
        expect(body[key]).toBeNull();
      }
      for (const key of ['name', 'firstname', 'phone', 'address_line1', 'url'] as const) {
        expect(Object.prototype.hasOwnProperty.call(body, key)).toBe(false);
      }
      // What reaches the owning service (JSON on the wire): null clears, absent keeps.
      expect(JSON.parse(JSON.stringify(body))).toStrictEqual({
        external_id: EXTERNAL_ID,
        email: null,
        net_payment_term: null,
        country: null,
        customer_type: null,
        currency: null,
      });
    });

    it.each(['name', 'firstname', 'phone', 'email', 'address_line1', 'country', 'currency', 'customer_type', 'net_payment_term'])(
      'an object sent for scalar field %s is treated as absent, not as an error',
      async (field) => {
        const body = await read({ external_id: EXTERNAL_ID, [field]: { a: 1 } });

        expect((body as unknown as Record<string, unknown>)[field]).toBeUndefined();
        expect(JSON.parse(JSON.stringify(body))).toStrictEqual({ external_id: EXTERNAL_ID });
      },
    );

    it('an array sent for a scalar field is treated as absent', async () => {
      const body = await read({ external_id: EXTERNAL_ID, name: ['Foo'] });

      expect(body.name).toBeUndefined();
    });

    it('returns a CustomerBody instance', async () => {
      expect(await read({ external_id: EXTERNAL_ID })).toBeInstanceOf(CustomerBody);
    });
  });
});

describe('lago() codes through toErrorDetails', () => {
  class Address {
    @IsIn(['FR', 'US'], lago('not_a_valid_country_code'))
    country!: string;
  }

  class Probe {
    @IsString(lago('value_is_mandatory')) @IsNotEmpty(lago('value_is_mandatory'))
    id!: string;

    @IsInt(lago('value_is_invalid')) @Min(0, lago('value_is_out_of_range'))
    term!: number;

    @IsIn(['a', 'b'])
    plain!: string;

    @ValidateNested() @Type(() => Address)
    shipping!: Address;
  }

  /** Lago details for a Probe built from the plain value, reporting every failed constraint. */
  async function detailsFor(value: Record<string, unknown>): Promise<Record<string, string[]>> {
    return toErrorDetails(await validate(plainToInstance(Probe, value)));
  }

  const valid = { id: 'p-1', term: 3, plain: 'a', shipping: { country: 'FR' } };

  it('is empty for a valid object', async () => {
    expect(await detailsFor(valid)).toStrictEqual({});
  });

  it('reports the code given to lago(), and value_is_invalid for a constraint without one', async () => {
    expect(await detailsFor({ ...valid, term: -1, plain: 'z' })).toStrictEqual({ term: ['value_is_out_of_range'], plain: ['value_is_invalid'] });
  });

  it('lists a code once when two failed constraints carry it', async () => {
    expect(await detailsFor({ ...valid, id: 42 })).toStrictEqual({ id: ['value_is_mandatory'] });
  });

  it('lists the distinct codes of one field', async () => {
    const details = await detailsFor({ ...valid, term: -1.5 });

    expect(details.term.slice().sort()).toEqual(['value_is_invalid', 'value_is_out_of_range']);
  });

  it('reports a nested field as parent_child, without an entry for the parent', async () => {
    expect(await detailsFor({ ...valid, shipping: { country: 'QQ' } })).toStrictEqual({ shipping_country: ['not_a_valid_country_code'] });
  });
});
