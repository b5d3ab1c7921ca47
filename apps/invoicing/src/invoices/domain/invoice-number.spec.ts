import { draftInvoiceNumber, effectiveDocumentNumbering, finalizedInvoiceNumber, formatSequence, nextSequentialId } from './invoice-number';

// Lago's default prefix for billing entity "Lago" whose id ends in "1a2b".
const PREFIX = 'LAG-1A2B';

describe('invoice numbers (§7.2)', () => {
  it('AC-37: a draft is "<prefix>-DRAFT"', () => {
    expect(draftInvoiceNumber(PREFIX)).toBe('LAG-1A2B-DRAFT');
  });

  it("AC-37: the first finalized invoice of the first customer, per customer, is 'LAG-1A2B-001-001'", () => {
    const first = nextSequentialId(null);

    expect(finalizedInvoiceNumber(PREFIX, { numbering: 'per_customer', customerSequentialId: 1, invoiceSequentialId: first })).toBe('LAG-1A2B-001-001');
  });

  it("AC-37: per billing entity it is '<prefix>-<YYYYMM>-001'", () => {
    expect(
      finalizedInvoiceNumber(PREFIX, {
        numbering: 'per_billing_entity',
        billingEntitySequentialId: 1,
        finalizedAt: new Date('2026-11-21T10:00:00Z'),
        timeZone: 'UTC',
      }),
    ).toBe('LAG-1A2B-202611-001');
  });

  it("takes YYYYMM in the billing entity's time zone", () => {
    const finalizedAt = new Date('2026-11-30T23:30:00Z');
    const number = (timeZone: string) =>
      finalizedInvoiceNumber(PREFIX, { numbering: 'per_billing_entity', billingEntitySequentialId: 12, finalizedAt, timeZone });

    expect(number('UTC')).toBe('LAG-1A2B-202611-012');
    expect(number('Asia/Tokyo')).toBe('LAG-1A2B-202612-012');
    expect(number('America/Los_Angeles')).toBe('LAG-1A2B-202611-012');
  });

  it('pads customer and invoice counters separately', () => {
    expect(finalizedInvoiceNumber('ORG-55', { numbering: 'per_customer', customerSequentialId: 42, invoiceSequentialId: 2 })).toBe('ORG-55-042-002');
  });

  it.each([
    [1, '001'],
    [42, '042'],
    [999, '999'],
    [1000, '1000'],
    [123456, '123456'],
  ])('%%03d of %i is %s', (sequence, formatted) => {
    expect(formatSequence(sequence)).toBe(formatted);
  });

  it('numbers a self-billed invoice per customer whatever the setting', () => {
    expect(effectiveDocumentNumbering('per_billing_entity', true)).toBe('per_customer');
    expect(effectiveDocumentNumbering('per_billing_entity', false)).toBe('per_billing_entity');
    expect(effectiveDocumentNumbering('per_customer', false)).toBe('per_customer');
  });
});

describe('nextSequentialId', () => {
  it('starts at 1 and continues after the maximum', () => {
    expect(nextSequentialId(null)).toBe(1);
    expect(nextSequentialId(undefined)).toBe(1);
    expect(nextSequentialId(41)).toBe(42);
  });

  it('refuses a maximum that is not a non-negative integer', () => {
    expect(() => nextSequentialId(-1)).toThrow(RangeError);
    expect(() => nextSequentialId(1.5)).toThrow(RangeError);
  });
});
