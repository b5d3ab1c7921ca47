import { AddOnBody } from '../add-ons/add-on.body';
import { readBillingConfiguration } from '../customers/customer-nested';
import { TaxUpdateBody } from '../taxes/tax.body';
import { LagoError } from './lago-errors';
import { readLagoBody } from './lago-validation';

/** The 422 details a body is refused with (fails when it is accepted). */
async function detailsOf(read: Promise<unknown>): Promise<unknown> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LagoError);
  return (error as LagoError).body.error_details;
}

/**
 * Numbers class-validator calls integers or numbers but the owners' columns cannot hold (1e308 is
 * an integer to IsInt): each overflowed its column and came back a 500 (found by the fuzz).
 */
describe('numeric fields bounded by their columns', () => {
  it.each([1e308, -1e308, 2_147_483_648, '1000000'])('a tax rate of %p is value_is_out_of_range', async (rate) => {
    expect(await detailsOf(readLagoBody({ tax: { rate } }, 'tax', TaxUpdateBody))).toStrictEqual({ rate: ['value_is_out_of_range'] });
  });

  it('a tax rate up to numeric(12, 6) is accepted, negative ones too', async () => {
    expect((await readLagoBody({ tax: { rate: '999999.999999' } }, 'tax', TaxUpdateBody)).rate).toBe(999_999.999999);
    expect((await readLagoBody({ tax: { rate: -999_999.999999 } }, 'tax', TaxUpdateBody)).rate).toBe(-999_999.999999);
  });

  it.each([1e308, 2 ** 53, '9007199254740993'])('an add-on amount_cents of %p is value_is_out_of_range', async (amount_cents) => {
    expect(await detailsOf(readLagoBody({ add_on: { amount_cents } }, 'add_on', AddOnBody))).toStrictEqual({ amount_cents: ['value_is_out_of_range'] });
  });

  it('an add-on amount_cents of 2^53 - 1 is accepted', async () => {
    expect((await readLagoBody({ add_on: { amount_cents: Number.MAX_SAFE_INTEGER } }, 'add_on', AddOnBody)).amount_cents).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([2_147_483_648, 1e308])('an invoice_grace_period of %p is value_is_out_of_range; 2147483647 is kept', (invoice_grace_period) => {
    const details: Record<string, unknown> = {};
    expect(readBillingConfiguration({ invoice_grace_period }, details)).toStrictEqual({});
    expect(details).toStrictEqual({ invoice_grace_period: ['value_is_out_of_range'] });
    expect(readBillingConfiguration({ invoice_grace_period: 2_147_483_647 }, {})).toStrictEqual({ invoice_grace_period: 2_147_483_647 });
  });
});

describe('a tax rate that is no number', () => {
  it('is value_is_invalid alone, not also out of range', async () => {
    const { TaxUpdateBody } = await import('../taxes/tax.body');
    const { plainToInstance } = await import('class-transformer');
    const { validate } = await import('class-validator');
    const { toErrorDetails } = await import('./lago-validation');
    const details = (rate: unknown) => validate(plainToInstance(TaxUpdateBody, { rate })).then((errors) => toErrorDetails(errors));
    expect(await details('twenty')).toEqual({ rate: ['value_is_invalid'] });
    expect(await details(1e9)).toEqual({ rate: ['value_is_out_of_range'] });
    expect(await details('-1000000')).toEqual({ rate: ['value_is_out_of_range'] });
    expect(await details('20.5')).toEqual({});
  });
});
