import type { FieldError } from './field-error';
import type { FinalizeZeroAmountInvoice, InvoicePaymentStatus } from './invoice-enums';
import {
  addExact,
  exactFromFloat,
  exactInteger,
  exactToFloat,
  isBlank,
  multiplyExact,
  roundHalfAwayFromZero,
  roundHalfAwayFromZeroTo,
  rubyStringToFloat,
  type ExactDecimal,
} from './ruby-numbers';

/*
 * One-off invoices (POST /api/v1/invoices, spec §7.6) and their taxes (§8.2, §8.3), as Lago's
 * Fees::OneOffService, Fees::ApplyTaxesService, Invoices::ComputeAmountsFromFees and
 * Invoices::ApplyTaxesService compute them. Money is integer cents of the invoice currency as
 * `number`: Lago itself computes these amounts in `Float`, so `number` reproduces it bit for bit,
 * and every result is checked to be a safe integer (a larger amount throws a RangeError). Cents are
 * the currency's smallest unit whatever its exponent (for JPY, one "cent" is one yen): no step of
 * the computation depends on the exponent.
 */

/** A tax as the computation needs it. */
export interface TaxRate {
  /** Tax id (`lago_tax_id`). */
  id: string;
  /** Code, unique among the organization's live taxes; identifies the tax across sources. */
  code: string;
  /** Name (`tax_name`). */
  name: string;
  /** Percentage as a number, 20 for 20% (Lago stores a `Float`). */
  rate: number;
  /** Description (`tax_description`). */
  description: string | null;
}

/** The add-on a one-off fee bills. */
export interface OneOffAddOn {
  /** Add-on id. */
  id: string;
  /** Add-on code (`add_on_code` in the request). */
  code: string;
  /** Name; the fee's item name. */
  name: string;
  /** Add-on's own display name; the fee's item display name falls back to it, then to `name`. */
  invoiceDisplayName: string | null;
  /** Used when the fee gives no description. */
  description: string | null;
  /** Unit price used when the fee gives no `unit_amount_cents`. */
  amountCents: number;
  /** The add-on's taxes (second source of §8.2). */
  taxes: readonly TaxRate[];
}

/** One element of the request's `fees[]`, with its add-on already resolved. */
export interface OneOffFeeInput {
  /** The add-on named by `add_on_code`. */
  addOn: OneOffAddOn;
  /** `units` as sent: absent or null means 1; a string is read as Ruby's `to_f` reads it. */
  units?: number | string | null;
  /** `unit_amount_cents` as sent; absent or null uses the add-on's amount (0 is kept). */
  unitAmountCents?: number | null;
  /** `description`; absent or null uses the add-on's (an empty string is kept). */
  description?: string | null;
  /** `invoice_display_name`; blank is stored as null. */
  invoiceDisplayName?: string | null;
  /** `tax_codes`; codes that match no tax are ignored. */
  taxCodes?: readonly string[] | null;
}

/** Everything a one-off invoice's amounts depend on. */
export interface OneOffInvoiceInput {
  /** The invoice currency (see `oneOffInvoiceCurrency`). */
  currency: string;
  /** The request's fees, in request order. */
  fees: readonly OneOffFeeInput[];
  /** The organization's live taxes; at least those whose codes appear in some fee's `taxCodes`. */
  organizationTaxes: readonly TaxRate[];
  /** The customer's own taxes (fourth source of §8.2). */
  customerTaxes: readonly TaxRate[];
  /** The default taxes of the customer's billing entity (last source of §8.2). */
  billingEntityTaxes: readonly TaxRate[];
  /** The customer's zero-amount setting; Lago's default is `inherit`. */
  customerFinalizeZeroAmountInvoice?: FinalizeZeroAmountInvoice;
  /** The billing entity's zero-amount setting; Lago's default is true. */
  billingEntityFinalizeZeroAmountInvoice?: boolean;
}

/** Where a fee's taxes came from (§8.2, first non-empty source wins). */
export type FeeTaxSource = 'fee_tax_codes' | 'add_on' | 'customer' | 'billing_entity' | 'none';

/** What a fee's and an invoice's applied taxes share: the tax, and the amount it comes to. */
export interface AppliedTaxAmount {
  /** `lago_tax_id`. */
  taxId: string;
  /** `tax_code`. */
  taxCode: string;
  /** `tax_name`. */
  taxName: string;
  /** `tax_rate`. */
  taxRate: number;
  /** `tax_description`. */
  taxDescription: string | null;
  /** The tax amount, rounded half away from zero (see each use). */
  amountCents: number;
  /** The invoice currency. */
  amountCurrency: string;
}

/** A tax applied to one fee (`Fee::AppliedTax`); `amountCents` = round(fee subtotal × rate / 100). */
export type FeeAppliedTax = AppliedTaxAmount;

/** A computed one-off fee. */
export interface OneOffFee {
  /** Always `add_on`. */
  feeType: 'add_on';
  /** Always `pending` at creation. */
  paymentStatus: 'pending';
  /** The billed add-on's id. */
  addOnId: string;
  /** The billed add-on's code (`item.code`). */
  addOnCode: string;
  /** `item.name`: the add-on's name. */
  itemName: string;
  /** `item.invoice_display_name`: the fee's display name, else the add-on's, else the add-on's name. */
  itemInvoiceDisplayName: string;
  /** The stored `invoice_display_name`: the request's, or null when blank. */
  invoiceDisplayName: string | null;
  /** The request's description, else the add-on's. */
  description: string | null;
  /** Units as a number (Lago's `to_f`). */
  units: number;
  /** Unit price used. */
  unitAmountCents: number;
  /** round(unit_amount_cents × units), halves away from zero. */
  amountCents: number;
  /** The invoice currency. */
  amountCurrency: string;
  /** `amount_cents` minus coupons; coupons never apply to one-off invoices, so equal to `amountCents`. */
  subTotalExcludingTaxesAmountCents: number;
  /** round(Σ unrounded tax amounts): the sum is rounded once. */
  taxesAmountCents: number;
  /** Σ of the applied rates. */
  taxesRate: number;
  /** `amountCents + taxesAmountCents`. */
  totalAmountCents: number;
  /** Which source the taxes came from. */
  taxSource: FeeTaxSource;
  /** One entry per applied tax. */
  appliedTaxes: FeeAppliedTax[];
}

/**
 * One invoice-level applied tax (`Invoice::AppliedTax`), one per distinct tax over all fees;
 * `amountCents` = round(Σ over the fees carrying the tax of subtotal × rate / 100).
 */
export interface InvoiceAppliedTax extends AppliedTaxAmount {
  /** Σ of the subtotals of the fees carrying the tax (the taxable base). */
  feesAmountCents: number;
}

/** The amount fields of an invoice (spec §7.4, §7.5), as they are when a one-off invoice is created. */
export interface InvoiceAmounts {
  /** `fees_amount_cents`: Σ fee amounts. */
  feesAmountCents: number;
  /** `coupons_amount_cents`: 0 on one-off invoices. */
  couponsAmountCents: number;
  /** `progressive_billing_credit_amount_cents`: 0 on one-off invoices. */
  progressiveBillingCreditAmountCents: number;
  /** `credit_notes_amount_cents`: 0 at creation. */
  creditNotesAmountCents: number;
  /** `sub_total_excluding_taxes_amount_cents`: fees − progressive billing credit − coupons. */
  subTotalExcludingTaxesAmountCents: number;
  /** `taxes_amount_cents`: round(Σ over taxes of unrounded amounts), not Σ of rounded parts. */
  taxesAmountCents: number;
  /** `sub_total_including_taxes_amount_cents`: excluding taxes + taxes. */
  subTotalIncludingTaxesAmountCents: number;
  /** `total_amount_cents`: including taxes − credit notes. */
  totalAmountCents: number;
  /** `total_paid_amount_cents`: 0 at creation. */
  totalPaidAmountCents: number;
  /** `total_due_amount_cents`: equal to the total at creation. */
  totalDueAmountCents: number;
  /** `total_offsetted_credit_note_amount_cents`: 0 at creation. */
  totalOffsettedCreditNoteAmountCents: number;
  /** `prepaid_credit_amount_cents`: 0 on one-off invoices. */
  prepaidCreditAmountCents: number;
  /** `prepaid_granted_credit_amount_cents`: 0 on one-off invoices. */
  prepaidGrantedCreditAmountCents: number;
  /** `prepaid_purchased_credit_amount_cents`: 0 on one-off invoices. */
  prepaidPurchasedCreditAmountCents: number;
  /** `taxes_rate`: Σ rate × share of the base carrying it, rounded to 5 decimals. */
  taxesRate: number;
}

/** A computed one-off invoice, before numbering and dates. */
export interface OneOffInvoice {
  /** Always `one_off`. */
  invoiceType: 'one_off';
  /** The invoice currency. */
  currency: string;
  /** The final status: `finalized`, or `closed` (invisible) for a zero-amount invoice not to be finalized. */
  status: 'finalized' | 'closed';
  /** `pending` when the total is positive, else `succeeded`. */
  paymentStatus: InvoicePaymentStatus;
  /** The fees, in request order. */
  fees: OneOffFee[];
  /** The amount fields. */
  amounts: InvoiceAmounts;
  /** The invoice-level applied taxes, in order of first appearance over the fees. */
  appliedTaxes: InvoiceAppliedTax[];
}

/** Why a one-off invoice cannot be created once its add-ons are known. */
export type OneOffInvoiceError =
  | FieldError<'units', 'value_is_out_of_range'>
  | FieldError<'amount_cents', 'value_is_out_of_range'>
  | FieldError<'total_amount_cents', 'value_is_out_of_range'>;

/** The result of `computeOneOffInvoice`. */
export type OneOffInvoiceResult = { ok: true; value: OneOffInvoice } | { ok: false; error: OneOffInvoiceError };

/** The result of `oneOffInvoiceCurrency`. */
export type OneOffCurrencyResult =
  | { ok: true; currency: string; customerCurrencyToSet: string | null }
  | { ok: false; error: FieldError<'currency', 'value_is_mandatory'> };

/**
 * The currency of a one-off invoice (§7.6 check 6): the requested one, else the customer's. A
 * customer without a currency takes the invoice's (`customerCurrencyToSet`); a customer whose
 * currency differs keeps it. Neither → 422 `currency: value_is_mandatory`.
 */
export function oneOffInvoiceCurrency(requested: string | null | undefined, customerCurrency: string | null): OneOffCurrencyResult {
  const currency = requested ?? customerCurrency;
  if (isBlank(currency)) return { ok: false, error: { field: 'currency', code: 'value_is_mandatory' } };
  return { ok: true, currency, customerCurrencyToSet: isBlank(customerCurrency) ? currency : null };
}

/** A fee's units as Lago reads them (`units&.to_f || 1`): absent or null is 1, "" is 0. */
export function oneOffFeeUnits(units: number | string | null | undefined): number {
  if (units === null || units === undefined) return 1;
  return typeof units === 'number' ? units : rubyStringToFloat(units);
}

/**
 * The taxes that apply to a one-off fee (§8.2): the fee's known `tax_codes`, else the add-on's
 * taxes, else the customer's, else the billing entity's defaults. An empty source (including
 * codes that all miss) falls through to the next. Duplicates are dropped.
 */
export function resolveOneOffFeeTaxes(
  fee: Pick<OneOffFeeInput, 'addOn' | 'taxCodes'>,
  context: Pick<OneOffInvoiceInput, 'organizationTaxes' | 'customerTaxes' | 'billingEntityTaxes'>,
): { source: FeeTaxSource; taxes: TaxRate[] } {
  const byCode = new Map(context.organizationTaxes.map((tax) => [tax.code, tax]));
  const sources: [FeeTaxSource, readonly TaxRate[]][] = [
    ['fee_tax_codes', (fee.taxCodes ?? []).flatMap((code) => byCode.get(code) ?? [])],
    ['add_on', fee.addOn.taxes],
    ['customer', context.customerTaxes],
    ['billing_entity', context.billingEntityTaxes],
  ];
  for (const [source, taxes] of sources) {
    if (taxes.length > 0) return { source, taxes: distinctByCode(taxes) };
  }
  return { source: 'none', taxes: [] };
}

/**
 * Whether a one-off invoice is finalized or closed (§7.6): finalized when its fees amount is not 0;
 * a zero-amount invoice follows the customer's setting, `inherit` deferring to the billing entity.
 */
export function oneOffInvoiceStatus(
  feesAmountCents: number,
  customerSetting: FinalizeZeroAmountInvoice = 'inherit',
  billingEntityFinalizes = true,
): 'finalized' | 'closed' {
  if (feesAmountCents !== 0) return 'finalized';
  const finalize = customerSetting === 'inherit' ? billingEntityFinalizes : customerSetting === 'finalize';
  return finalize ? 'finalized' : 'closed';
}

/**
 * Computes a one-off invoice's fees, taxes, totals and statuses (§7.6, §8.2, §8.3, §7.4). Refuses
 * negative units (first offending fee, as Lago saves fees one by one), a negative total, and
 * amounts beyond what bigint cents hold exactly: a fee's (`amount_cents`), or any sum or tax
 * (`total_amount_cents`).
 */
export function computeOneOffInvoice(input: OneOffInvoiceInput): OneOffInvoiceResult {
  try {
    return computeWithinRange(input);
  } catch (error) {
    if (error instanceof AmountOutOfRange) return { ok: false, error: { field: 'total_amount_cents', code: 'value_is_out_of_range' } };
    throw error;
  }
}

function computeWithinRange(input: OneOffInvoiceInput): OneOffInvoiceResult {
  const fees: OneOffFee[] = [];
  const baseByTax = new Map<string, { tax: TaxRate; feesAmountCents: number; exactTimesRate: ExactDecimal; feeCount: number }>();

  for (const request of input.fees) {
    const units = oneOffFeeUnits(request.units);
    if (!(units >= 0)) return { ok: false, error: { field: 'units', code: 'value_is_out_of_range' } };
    const unitAmountCents = request.unitAmountCents ?? request.addOn.amountCents;
    const amountCents = roundHalfAwayFromZero(unitAmountCents * units);
    if (!Number.isSafeInteger(amountCents)) return { ok: false, error: { field: 'amount_cents', code: 'value_is_out_of_range' } };
    const subTotal = amountCents;
    const { source, taxes } = resolveOneOffFeeTaxes(request, input);

    let unroundedTaxes = 0;
    let taxesRate = 0;
    const appliedTaxes = taxes.map((tax): FeeAppliedTax => {
      const baseTimesRate = multiplyExact(exactInteger(subTotal), exactFromFloat(tax.rate));
      const unrounded = exactToFloat(baseTimesRate) / 100;
      unroundedTaxes += unrounded;
      taxesRate += tax.rate;
      const entry = baseByTax.get(tax.code);
      if (entry) {
        entry.feesAmountCents += subTotal;
        entry.exactTimesRate = addExact(entry.exactTimesRate, baseTimesRate);
        entry.feeCount += 1;
      } else {
        baseByTax.set(tax.code, { tax, feesAmountCents: subTotal, exactTimesRate: baseTimesRate, feeCount: 1 });
      }
      return {
        taxId: tax.id,
        taxCode: tax.code,
        taxName: tax.name,
        taxRate: tax.rate,
        taxDescription: tax.description,
        amountCents: cents(roundHalfAwayFromZero(unrounded)),
        amountCurrency: input.currency,
      };
    });
    const taxesAmountCents = cents(roundHalfAwayFromZero(unroundedTaxes));
    const invoiceDisplayName = isBlank(request.invoiceDisplayName) ? null : request.invoiceDisplayName;

    fees.push({
      feeType: 'add_on',
      paymentStatus: 'pending',
      addOnId: request.addOn.id,
      addOnCode: request.addOn.code,
      itemName: request.addOn.name,
      itemInvoiceDisplayName: invoiceDisplayName ?? (isBlank(request.addOn.invoiceDisplayName) ? request.addOn.name : request.addOn.invoiceDisplayName),
      invoiceDisplayName,
      description: request.description ?? request.addOn.description,
      units,
      unitAmountCents,
      amountCents,
      amountCurrency: input.currency,
      subTotalExcludingTaxesAmountCents: subTotal,
      taxesAmountCents,
      taxesRate,
      totalAmountCents: cents(amountCents + taxesAmountCents),
      taxSource: source,
      appliedTaxes,
    });
  }

  const feesAmountCents = cents(fees.reduce((sum, fee) => sum + fee.amountCents, 0));
  const couponsAmountCents = 0;
  const progressiveBillingCreditAmountCents = 0;
  const creditNotesAmountCents = 0;
  const subTotalExcludingTaxesAmountCents = feesAmountCents - progressiveBillingCreditAmountCents - couponsAmountCents;

  let unroundedInvoiceTaxes = 0;
  let taxesRate = 0;
  const appliedTaxes = [...baseByTax.values()].map(({ tax, feesAmountCents: base, exactTimesRate, feeCount }): InvoiceAppliedTax => {
    const unrounded = exactToFloat(exactTimesRate) / 100;
    unroundedInvoiceTaxes += unrounded;
    // Lago's share of the base carrying the tax; a zero (or negative) subtotal shares by fee count.
    const share = subTotalExcludingTaxesAmountCents > 0 ? base / subTotalExcludingTaxesAmountCents : feeCount / fees.length;
    taxesRate += share * tax.rate;
    return {
      taxId: tax.id,
      taxCode: tax.code,
      taxName: tax.name,
      taxRate: tax.rate,
      taxDescription: tax.description,
      amountCents: cents(roundHalfAwayFromZero(unrounded)),
      amountCurrency: input.currency,
      feesAmountCents: base,
    };
  });

  const taxesAmountCents = cents(roundHalfAwayFromZero(unroundedInvoiceTaxes));
  const subTotalIncludingTaxesAmountCents = cents(subTotalExcludingTaxesAmountCents + taxesAmountCents);
  const totalAmountCents = subTotalIncludingTaxesAmountCents - creditNotesAmountCents;
  if (totalAmountCents < 0) return { ok: false, error: { field: 'total_amount_cents', code: 'value_is_out_of_range' } };

  return {
    ok: true,
    value: {
      invoiceType: 'one_off',
      currency: input.currency,
      status: oneOffInvoiceStatus(feesAmountCents, input.customerFinalizeZeroAmountInvoice, input.billingEntityFinalizeZeroAmountInvoice),
      paymentStatus: totalAmountCents > 0 ? 'pending' : 'succeeded',
      fees,
      appliedTaxes,
      amounts: {
        feesAmountCents,
        couponsAmountCents,
        progressiveBillingCreditAmountCents,
        creditNotesAmountCents,
        subTotalExcludingTaxesAmountCents,
        taxesAmountCents,
        subTotalIncludingTaxesAmountCents,
        totalAmountCents,
        totalPaidAmountCents: 0,
        totalDueAmountCents: totalAmountCents,
        totalOffsettedCreditNoteAmountCents: 0,
        prepaidCreditAmountCents: 0,
        prepaidGrantedCreditAmountCents: 0,
        prepaidPurchasedCreditAmountCents: 0,
        taxesRate: roundHalfAwayFromZeroTo(taxesRate, 5),
      },
    },
  };
}

function distinctByCode(taxes: readonly TaxRate[]): TaxRate[] {
  const seen = new Set<string>();
  return taxes.filter((tax) => !seen.has(tax.code) && seen.add(tax.code));
}

/** An amount past 2^53 cents: a `number` would silently lose cents (`computeOneOffInvoice` refuses the invoice). */
class AmountOutOfRange extends RangeError {}

/** Amounts are stored as bigint cents; beyond 2^53 a `number` would silently lose cents. */
function cents(value: number): number {
  if (!Number.isSafeInteger(value)) throw new AmountOutOfRange(`amount out of the safe integer range: ${value}`);
  return value;
}
