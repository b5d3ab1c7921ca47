import {
  computeOneOffInvoice,
  oneOffFeeUnits,
  oneOffInvoiceCurrency,
  oneOffInvoiceStatus,
  resolveOneOffFeeTaxes,
  type OneOffAddOn,
  type OneOffFeeInput,
  type OneOffInvoice,
  type OneOffInvoiceInput,
  type TaxRate,
} from './one-off-invoice';

const tax = (code: string, rate: number): TaxRate => ({ id: `tax-id-${code}`, code, name: `Tax ${code}`, rate, description: `${code} description` });
const VAT20 = tax('oneoff_spec_vat_20', 20);
const VAT10 = tax('oneoff_spec_vat_10', 10);
const OTHER10 = tax('oneoff_spec_other_10', 10);
const REDUCED55 = tax('oneoff_spec_reduced_5_5', 5.5);
const SMALL07 = tax('oneoff_spec_small_0_7', 0.7);

const addOn = (code: string, amountCents: number, overrides: Partial<OneOffAddOn> = {}): OneOffAddOn => ({
  id: `add-on-id-${code}`,
  code,
  name: `Add-on ${code}`,
  invoiceDisplayName: null,
  description: `${code} default description`,
  amountCents,
  taxes: [],
  ...overrides,
});

function compute(fees: OneOffFeeInput[], overrides: Partial<OneOffInvoiceInput> = {}): OneOffInvoice {
  const result = computeOneOffInvoice({
    currency: 'EUR',
    fees,
    organizationTaxes: [VAT20, VAT10, OTHER10, REDUCED55, SMALL07],
    customerTaxes: [],
    billingEntityTaxes: [],
    ...overrides,
  });
  if (!result.ok) throw new Error(`unexpected refusal: ${JSON.stringify(result.error)}`);
  return result.value;
}

describe('computeOneOffInvoice', () => {
  it('AC-34: 1200 × 2 with tax_codes [20%] plus a 400 add-on under the 20% default tax', () => {
    const invoice = compute(
      [
        { addOn: addOn('first', 5000), unitAmountCents: 1200, units: 2, description: 'desc-123', taxCodes: [VAT20.code] },
        { addOn: addOn('second', 400) },
      ],
      { billingEntityTaxes: [VAT20] },
    );

    expect(invoice.invoiceType).toBe('one_off');
    expect(invoice.currency).toBe('EUR');
    expect(invoice.status).toBe('finalized');
    expect(invoice.paymentStatus).toBe('pending');
    expect(invoice.amounts).toEqual({
      feesAmountCents: 2800,
      couponsAmountCents: 0,
      progressiveBillingCreditAmountCents: 0,
      creditNotesAmountCents: 0,
      subTotalExcludingTaxesAmountCents: 2800,
      taxesAmountCents: 560,
      subTotalIncludingTaxesAmountCents: 3360,
      totalAmountCents: 3360,
      totalPaidAmountCents: 0,
      totalDueAmountCents: 3360,
      totalOffsettedCreditNoteAmountCents: 0,
      prepaidCreditAmountCents: 0,
      prepaidGrantedCreditAmountCents: 0,
      prepaidPurchasedCreditAmountCents: 0,
      taxesRate: 20,
    });
    expect(invoice.appliedTaxes).toEqual([
      {
        taxId: VAT20.id,
        taxCode: VAT20.code,
        taxName: VAT20.name,
        taxRate: 20,
        taxDescription: VAT20.description,
        amountCents: 560,
        amountCurrency: 'EUR',
        feesAmountCents: 2800,
      },
    ]);
    const [first, second] = invoice.fees;
    expect(first).toMatchObject({ amountCents: 2400, unitAmountCents: 1200, units: 2, description: 'desc-123', taxesAmountCents: 480, totalAmountCents: 2880, taxSource: 'fee_tax_codes' });
    expect(second).toMatchObject({ amountCents: 400, unitAmountCents: 400, units: 1, description: 'second default description', taxesAmountCents: 80, taxSource: 'billing_entity' });
  });

  it('AC-36: a fee of 0 × 2 under a 20% default tax is finalized and already paid, with taxes_rate 20', () => {
    const invoice = compute([{ addOn: addOn('zero', 5000), unitAmountCents: 0, units: 2 }], { billingEntityTaxes: [VAT20] });

    expect(invoice.fees[0]?.amountCents).toBe(0); // 0 is a given price, not "absent" (5000 × 2 otherwise)
    expect(invoice.status).toBe('finalized');
    expect(invoice.paymentStatus).toBe('succeeded');
    expect(invoice.amounts.totalAmountCents).toBe(0);
    expect(invoice.amounts.taxesAmountCents).toBe(0);
    expect(invoice.amounts.taxesRate).toBe(20);
  });

  it("uses the add-on's amount and one unit when the fee gives neither", () => {
    const invoice = compute([{ addOn: addOn('defaults', 1234), unitAmountCents: null, units: null }]);

    expect(invoice.fees[0]).toMatchObject({ unitAmountCents: 1234, units: 1, amountCents: 1234 });
  });

  describe('fee amount = round(unit × units), halves away from zero', () => {
    it.each([
      ['2.5', 333, 833], // 832.5; banker's rounding gives 832
      [2.5, 333, 833],
      ['1.5', 1, 2],
      [0.5, 5, 3], // 2.5
      [0.1, 5, 1], // 0.5
      ['0.333', 1000, 333],
      ['1_000', 3, 3000],
      ['', 700, 0], // "".to_f is 0, not the default 1
      ['abc', 700, 0],
    ])('units %p × %p → %p', (units, unitAmountCents, amountCents) => {
      const invoice = compute([{ addOn: addOn('units', 1), units, unitAmountCents }]);

      expect(invoice.fees[0]?.amountCents).toBe(amountCents);
    });

    it('keeps the float product as Ruby computes it (100 × 1.005 = 100.49999999999999 → 100)', () => {
      const invoice = compute([{ addOn: addOn('float', 1), units: '1.005', unitAmountCents: 100 }]);

      expect(invoice.fees[0]?.amountCents).toBe(100);
    });
  });

  describe('taxes per fee (§8.3)', () => {
    it('rounds a half-cent tax away from zero: 25 at 10% is 3', () => {
      const invoice = compute([{ addOn: addOn('half', 25), taxCodes: [VAT10.code] }]);

      expect(invoice.fees[0]?.appliedTaxes[0]?.amountCents).toBe(3);
      expect(invoice.fees[0]?.taxesAmountCents).toBe(3);
      expect(invoice.amounts.taxesAmountCents).toBe(3);
      expect(invoice.amounts.totalAmountCents).toBe(28);
    });

    it('rounds a negative half away from zero: -25 at 10% is -3', () => {
      const invoice = compute([
        { addOn: addOn('positive', 100), taxCodes: [VAT10.code] },
        { addOn: addOn('negative', 100), unitAmountCents: -25, taxCodes: [VAT10.code] },
      ]);

      expect(invoice.fees[1]?.taxesAmountCents).toBe(-3);
      // invoice: round((100 - 25) × 10 / 100) = round(7.5) = 8
      expect(invoice.amounts.taxesAmountCents).toBe(8);
      expect(invoice.amounts.totalAmountCents).toBe(83);
    });

    it('applies several taxes: rows rounded one by one, the fee total rounded once', () => {
      const invoice = compute([{ addOn: addOn('two-taxes', 5), taxCodes: [VAT10.code, OTHER10.code] }]);
      const [fee] = invoice.fees;

      expect(fee?.appliedTaxes.map((applied) => [applied.taxCode, applied.amountCents])).toEqual([
        [VAT10.code, 1],
        [OTHER10.code, 1],
      ]);
      expect(fee?.taxesAmountCents).toBe(1); // round(0.5 + 0.5), not 1 + 1
      expect(fee?.taxesRate).toBe(20);
      expect(invoice.appliedTaxes.map((applied) => applied.amountCents)).toEqual([1, 1]);
      expect(invoice.amounts.taxesAmountCents).toBe(1);
      expect(invoice.amounts.totalAmountCents).toBe(6);
    });

    it('sums rates and amounts of 20% + 5.5% on 1000', () => {
      const invoice = compute([{ addOn: addOn('vat-and-reduced', 1000), taxCodes: [VAT20.code, REDUCED55.code] }]);

      expect(invoice.fees[0]?.appliedTaxes.map((applied) => applied.amountCents)).toEqual([200, 55]);
      expect(invoice.fees[0]?.taxesAmountCents).toBe(255);
      expect(invoice.fees[0]?.taxesRate).toBe(25.5);
      expect(invoice.amounts.taxesRate).toBe(25.5);
      expect(invoice.amounts.totalAmountCents).toBe(1255);
    });

    it("multiplies the subtotal by the rate exactly, as Lago's BigDecimal subtotal does: 5500 at 0.7% is 39", () => {
      // In floats 5500 × 0.7 / 100 = 38.49999999999999 → 38; Lago computes 3850 / 100 = 38.5 → 39.
      const invoice = compute([{ addOn: addOn('bigdecimal', 5500), taxCodes: [SMALL07.code] }]);

      expect(invoice.fees[0]?.taxesAmountCents).toBe(39);
      expect(invoice.appliedTaxes[0]?.amountCents).toBe(39);
      expect(invoice.amounts.taxesAmountCents).toBe(39);
    });
  });

  describe('taxes per invoice (§8.3)', () => {
    it('rounds the sum of unrounded amounts once, so it may differ from the sum of fee taxes', () => {
      const invoice = compute([
        { addOn: addOn('five-a', 5), taxCodes: [VAT10.code] },
        { addOn: addOn('five-b', 5), taxCodes: [VAT10.code] },
      ]);

      expect(invoice.fees.map((fee) => fee.taxesAmountCents)).toEqual([1, 1]);
      expect(invoice.appliedTaxes).toHaveLength(1);
      expect(invoice.appliedTaxes[0]).toMatchObject({ taxCode: VAT10.code, amountCents: 1, feesAmountCents: 10 });
      expect(invoice.amounts.taxesAmountCents).toBe(1);
      expect(invoice.amounts.totalAmountCents).toBe(11);
    });

    it('gives one row per distinct tax with the base of the fees carrying it', () => {
      const invoice = compute(
        [
          { addOn: addOn('a', 1000), taxCodes: [VAT20.code] },
          { addOn: addOn('b', 3000), taxCodes: [VAT10.code] },
          { addOn: addOn('c', 500) },
        ],
        { billingEntityTaxes: [VAT20] },
      );

      expect(invoice.appliedTaxes.map((applied) => [applied.taxCode, applied.feesAmountCents, applied.amountCents])).toEqual([
        [VAT20.code, 1500, 300],
        [VAT10.code, 3000, 300],
      ]);
      expect(invoice.amounts.taxesAmountCents).toBe(600);
      // 20 × 1500/4500 + 10 × 3000/4500 = 13.333…
      expect(invoice.amounts.taxesRate).toBe(13.33333);
    });

    it('pro-rates taxes_rate on the base carrying each tax, to 5 decimals', () => {
      const invoice = compute([
        { addOn: addOn('taxed', 1000), taxCodes: [VAT20.code] },
        { addOn: addOn('untaxed', 2000) },
      ]);

      expect(invoice.fees[1]?.taxSource).toBe('none');
      expect(invoice.amounts.taxesAmountCents).toBe(200);
      expect(invoice.amounts.taxesRate).toBe(6.66667);
    });

    it('shares taxes_rate by number of fees when the subtotal is 0', () => {
      const invoice = compute([
        { addOn: addOn('zero-taxed', 1), unitAmountCents: 0, taxCodes: [VAT20.code] },
        { addOn: addOn('zero-untaxed', 1), unitAmountCents: 0 },
      ]);

      expect(invoice.amounts.taxesRate).toBe(10);
    });
  });

  it('treats amounts as the currency’s smallest unit whatever its exponent (JPY)', () => {
    const invoice = compute([{ addOn: addOn('yen', 1200), units: 3, taxCodes: [VAT10.code] }], { currency: 'JPY' });

    expect(invoice.fees[0]).toMatchObject({ amountCents: 3600, amountCurrency: 'JPY', taxesAmountCents: 360 });
    expect(invoice.appliedTaxes[0]?.amountCurrency).toBe('JPY');
    expect(invoice.amounts.totalAmountCents).toBe(3960);
  });

  it('stores a blank display name as null and serializes the fallback chain', () => {
    const invoice = compute([
      { addOn: addOn('blank-name', 100, { invoiceDisplayName: 'Add-on display' }), invoiceDisplayName: '   ' },
      { addOn: addOn('no-names', 100) },
      { addOn: addOn('own-name', 100, { invoiceDisplayName: 'Add-on display' }), invoiceDisplayName: 'Fee display' },
    ]);

    expect(invoice.fees.map((fee) => [fee.invoiceDisplayName, fee.itemInvoiceDisplayName, fee.itemName])).toEqual([
      [null, 'Add-on display', 'Add-on blank-name'],
      [null, 'Add-on no-names', 'Add-on no-names'],
      ['Fee display', 'Fee display', 'Add-on own-name'],
    ]);
  });

  it("keeps an empty description and falls back to the add-on's for null", () => {
    const invoice = compute([
      { addOn: addOn('empty-desc', 100), description: '' },
      { addOn: addOn('null-desc', 100), description: null },
    ]);

    expect(invoice.fees.map((fee) => fee.description)).toEqual(['', 'null-desc default description']);
  });

  describe('zero-amount invoices', () => {
    const zero = [{ addOn: addOn('free', 100), unitAmountCents: 0 }];

    it.each([
      ['inherit', true, 'finalized'],
      ['inherit', false, 'closed'],
      ['skip', true, 'closed'],
      ['finalize', false, 'finalized'],
    ] as const)('customer %s, billing entity finalizes: %p → %s', (customer, billingEntity, status) => {
      const invoice = compute(zero, { customerFinalizeZeroAmountInvoice: customer, billingEntityFinalizeZeroAmountInvoice: billingEntity });

      expect(invoice.status).toBe(status);
      expect(invoice.paymentStatus).toBe('succeeded');
    });

    it('finalizes a non-zero invoice whatever the settings', () => {
      expect(oneOffInvoiceStatus(1, 'skip', false)).toBe('finalized');
      expect(oneOffInvoiceStatus(0)).toBe('finalized');
    });
  });

  it('refuses negative units (422 units: value_is_out_of_range)', () => {
    const result = computeOneOffInvoice({
      currency: 'EUR',
      fees: [{ addOn: addOn('ok', 100) }, { addOn: addOn('negative-units', 100), units: '-1' }],
      organizationTaxes: [],
      customerTaxes: [],
      billingEntityTaxes: [],
    });

    expect(result).toEqual({ ok: false, error: { field: 'units', code: 'value_is_out_of_range' } });
  });

  it('refuses a negative total (422 total_amount_cents: value_is_out_of_range)', () => {
    const result = computeOneOffInvoice({
      currency: 'EUR',
      fees: [{ addOn: addOn('credit', 100), unitAmountCents: -1 }],
      organizationTaxes: [],
      customerTaxes: [],
      billingEntityTaxes: [],
    });

    expect(result).toEqual({ ok: false, error: { field: 'total_amount_cents', code: 'value_is_out_of_range' } });
  });

  describe('amounts beyond 2^53 cents are refused, never rounded nor a 500', () => {
    const refusalOf = (fees: OneOffFeeInput[], organizationTaxes: TaxRate[] = []) =>
      computeOneOffInvoice({ currency: 'EUR', fees, organizationTaxes, customerTaxes: [], billingEntityTaxes: [] });

    it.each([
      ['a unit amount times units', { addOn: addOn('huge', 1), unitAmountCents: Number.MAX_SAFE_INTEGER, units: 2 }],
      ['units of 1e308 (Infinity cents)', { addOn: addOn('huge', 150), units: 1e308 }],
      ['units as a string Ruby reads as 1e20', { addOn: addOn('huge', 150), units: '1e20' }],
    ])('%s: 422 amount_cents value_is_out_of_range', (_label, fee) => {
      expect(refusalOf([fee])).toEqual({ ok: false, error: { field: 'amount_cents', code: 'value_is_out_of_range' } });
    });

    it('fees that fit but add up past it: 422 total_amount_cents', () => {
      const half = { addOn: addOn('half', 1), unitAmountCents: 2 ** 52 };
      expect(refusalOf([half, half, half])).toEqual({ ok: false, error: { field: 'total_amount_cents', code: 'value_is_out_of_range' } });
    });

    it('a fee that fits whose tax does not: 422 total_amount_cents', () => {
      const fee = { addOn: addOn('taxed', 1), unitAmountCents: 2 ** 50, taxCodes: [tax('spec_huge_rate', 999_999).code] };
      expect(refusalOf([fee], [tax('spec_huge_rate', 999_999)])).toEqual({ ok: false, error: { field: 'total_amount_cents', code: 'value_is_out_of_range' } });
    });

    it('the largest amount that fits is computed exactly', () => {
      expect(compute([{ addOn: addOn('max', 1), unitAmountCents: Number.MAX_SAFE_INTEGER, units: 1 }]).amounts.totalAmountCents).toBe(Number.MAX_SAFE_INTEGER);
    });
  });
});

describe('resolveOneOffFeeTaxes (§8.2)', () => {
  const context = { organizationTaxes: [VAT20, VAT10, OTHER10], customerTaxes: [OTHER10], billingEntityTaxes: [VAT20] };
  const withTaxes = addOn('taxed-add-on', 100, { taxes: [VAT10] });

  it('fee tax codes win over the add-on, customer and billing entity taxes', () => {
    expect(resolveOneOffFeeTaxes({ addOn: withTaxes, taxCodes: [VAT20.code] }, context)).toEqual({ source: 'fee_tax_codes', taxes: [VAT20] });
  });

  it('ignores unknown codes and drops duplicates', () => {
    expect(resolveOneOffFeeTaxes({ addOn: withTaxes, taxCodes: ['unknown', OTHER10.code, OTHER10.code] }, context)).toEqual({
      source: 'fee_tax_codes',
      taxes: [OTHER10],
    });
  });

  it('falls through to the add-on taxes when no code matches or the list is empty', () => {
    expect(resolveOneOffFeeTaxes({ addOn: withTaxes, taxCodes: ['unknown'] }, context)).toEqual({ source: 'add_on', taxes: [VAT10] });
    expect(resolveOneOffFeeTaxes({ addOn: withTaxes, taxCodes: [] }, context)).toEqual({ source: 'add_on', taxes: [VAT10] });
  });

  it("falls through to the customer's taxes, then to the billing entity's", () => {
    const plain = addOn('plain-add-on', 100);

    expect(resolveOneOffFeeTaxes({ addOn: plain }, context)).toEqual({ source: 'customer', taxes: [OTHER10] });
    expect(resolveOneOffFeeTaxes({ addOn: plain }, { ...context, customerTaxes: [] })).toEqual({ source: 'billing_entity', taxes: [VAT20] });
    expect(resolveOneOffFeeTaxes({ addOn: plain }, { ...context, customerTaxes: [], billingEntityTaxes: [] })).toEqual({ source: 'none', taxes: [] });
  });
});

describe('oneOffFeeUnits', () => {
  it.each([
    [undefined, 1],
    [null, 1],
    [0, 0],
    ['0', 0],
    ['', 0],
    ['2.25', 2.25],
    [3, 3],
  ])('%p → %p', (units, value) => {
    expect(oneOffFeeUnits(units)).toBe(value);
  });
});

describe('oneOffInvoiceCurrency (§7.6 check 6)', () => {
  it('uses the requested currency and gives it to a customer without one', () => {
    expect(oneOffInvoiceCurrency('USD', null)).toEqual({ ok: true, currency: 'USD', customerCurrencyToSet: 'USD' });
  });

  it("keeps the customer's own currency when the request differs", () => {
    expect(oneOffInvoiceCurrency('USD', 'EUR')).toEqual({ ok: true, currency: 'USD', customerCurrencyToSet: null });
  });

  it("falls back to the customer's currency", () => {
    expect(oneOffInvoiceCurrency(undefined, 'EUR')).toEqual({ ok: true, currency: 'EUR', customerCurrencyToSet: null });
  });

  it('refuses when neither has one (422 currency: value_is_mandatory)', () => {
    expect(oneOffInvoiceCurrency(null, null)).toEqual({ ok: false, error: { field: 'currency', code: 'value_is_mandatory' } });
  });
});
