import { TaxUpdateBody } from '../taxes/tax.body';
import { LagoError } from './lago-errors';
import { readLagoBody, refuseNulls, requireKeys } from './lago-validation';

describe('requireKeys', () => {
  it('names each required key that is absent, null or not a scalar (strong parameters drop it)', () => {
    const details: Record<string, unknown> = {};

    requireKeys({ name: { a: 1 }, code: null, rate: [20], other: 'x' }, ['name', 'code', 'rate', 'missing'], details);

    expect(details).toStrictEqual({ name: ['value_is_mandatory'], code: ['value_is_mandatory'], rate: ['value_is_mandatory'], missing: ['value_is_mandatory'] });
  });

  it('accepts scalars of any type (their own validation judges them) and keeps a code validation already gave', () => {
    const details: Record<string, unknown> = { rate: ['value_is_invalid'] };

    requireKeys({ name: 'VAT', code: 0, flag: false, rate: { x: 1 } }, ['name', 'code', 'flag', 'rate'], details);

    expect(details).toStrictEqual({ rate: ['value_is_invalid'] });
  });
});

describe('refuseNulls', () => {
  it('refuses null only: absent keeps the value, and other values are validation’s to judge', () => {
    const details: Record<string, unknown> = {};

    refuseNulls({ name: null, rate: {}, code: '' }, ['name', 'rate', 'code', 'absent'], details);

    expect(details).toStrictEqual({ name: ['value_is_mandatory'] });
  });

  it('words the refusal with the code given', () => {
    const details: Record<string, unknown> = {};

    refuseNulls({ signature_algo: null }, ['signature_algo'], details, 'value_is_invalid');

    expect(details).toStrictEqual({ signature_algo: ['value_is_invalid'] });
  });
});

describe('readLagoBody with "constructor" keys in nested objects', () => {
  it.each([
    ['a field', { tax: { name: { constructor: 1 } } }],
    ['deeper', { tax: { name: { a: { constructor: { x: 1 } } } } }],
    ['in an array', { tax: { description: [{ constructor: 'x' }] } }],
  ])('%s: the object is dropped as strong parameters drop it, never a TypeError (a 500)', async (_label, body) => {
    const fields = await readLagoBody(body, 'tax', TaxUpdateBody);

    expect(fields.name).toBeUndefined();
    expect(fields.description).toBeUndefined();
  });

  it('a required key sent so is still value_is_mandatory', async () => {
    const error = await readLagoBody({ tax: { name: { constructor: 1 } } }, 'tax', TaxUpdateBody, (raw, details) => requireKeys(raw, ['name'], details)).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect((error as LagoError).body.error_details).toStrictEqual({ name: ['value_is_mandatory'] });
  });

  it('keeps the body as sent for the readers, and the other fields', async () => {
    const body = { tax: { name: 'VAT', rate: 20, zz: { constructor: 1 } } };
    let raw: unknown;

    const fields = await readLagoBody(body, 'tax', TaxUpdateBody, (r) => {
      raw = r;
    });

    expect(fields).toMatchObject({ name: 'VAT', rate: 20 });
    expect(raw).toBe(body.tax);
    expect(body.tax.zz).toStrictEqual({ constructor: 1 });
  });
});

describe('readLagoBody with "__proto__" keys (JSON.parse makes them own keys)', () => {
  it('drops them as unknown fields: the instance keeps its class and validation, nothing else is touched', async () => {
    const body: unknown = JSON.parse('{"tax":{"name":"VAT","rate":"abc","__proto__":{"rate":20,"polluted":1},"description":{"__proto__":{"x":1}}}}');

    const error = await readLagoBody(body, 'tax', TaxUpdateBody).then(
      () => undefined,
      (e: unknown) => e,
    );
    const fields = await readLagoBody(JSON.parse('{"tax":{"name":"VAT","__proto__":{"rate":20}}}'), 'tax', TaxUpdateBody);

    expect((error as LagoError).body.error_details).toStrictEqual({ rate: ['value_is_invalid'] });
    expect(fields).toBeInstanceOf(TaxUpdateBody);
    expect(Object.keys(fields)).toStrictEqual(['name']);
    expect(fields.rate).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
