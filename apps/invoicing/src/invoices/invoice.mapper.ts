import { randomUUID } from 'node:crypto';
import { lagoTime, type CustomerV1, type FeeV1, type InvoiceAppliedTaxV1, type InvoiceV1 } from '@app/contracts';
import { totalDueAmountCents, type AppliedTaxAmount, type InvoiceAppliedTax, type InvoiceBalance, type InvoicePaymentState, type InvoicePaymentUpdate, type OneOffFee } from './domain';
import type { Invoice } from './invoice.entity';

/** The balance fields the domain rules read, from an invoice row (its finalized credit-note offsets are kept on it). */
export const balanceOf = (invoice: Invoice): InvoiceBalance => ({
  status: invoice.status,
  totalAmountCents: invoice.totalAmountCents,
  totalPaidAmountCents: invoice.totalPaidAmountCents,
  creditNotes: invoice.offsetAmountCents > 0 ? [{ status: 'finalized' as const, offsetAmountCents: invoice.offsetAmountCents }] : [],
});

/** What the payment-status rules read of an invoice row. */
export const paymentStateOf = (invoice: Invoice): InvoicePaymentState => ({
  ...balanceOf(invoice),
  id: invoice.id,
  paymentStatus: invoice.paymentStatus,
  paymentOverdue: invoice.paymentOverdue,
  readyForPaymentProcessing: invoice.readyForPaymentProcessing,
});

/** Writes a payment-status update computed by the domain rules back onto the invoice row. */
export function applyPaymentUpdate(invoice: Invoice, update: InvoicePaymentUpdate): void {
  invoice.paymentStatus = update.paymentStatus;
  invoice.paymentOverdue = update.paymentOverdue;
  invoice.readyForPaymentProcessing = update.readyForPaymentProcessing;
  invoice.totalPaidAmountCents = update.totalPaidAmountCents;
}

/**
 * Lago's invoice object. `base` is what a payment request embeds; `full` adds the customer, fees,
 * applied taxes and the (empty) collections of the invoice endpoints.
 */
export function toInvoiceV1(invoice: Invoice, view: 'base' | 'full', customer?: CustomerV1): InvoiceV1 {
  const base: InvoiceV1 = {
    lago_id: invoice.id,
    billing_entity_code: invoice.billingEntityCode,
    sequential_id: invoice.sequentialId,
    number: invoice.number,
    purchase_order_number: invoice.purchaseOrderNumber,
    issuing_date: invoice.issuingDate,
    payment_due_date: invoice.paymentDueDate,
    net_payment_term: invoice.netPaymentTerm,
    invoice_type: invoice.invoiceType,
    status: invoice.status as InvoiceV1['status'],
    payment_status: invoice.paymentStatus,
    payment_dispute_lost_at: invoice.paymentDisputeLostAt ? lagoTime(invoice.paymentDisputeLostAt) : null,
    payment_overdue: invoice.paymentOverdue,
    currency: invoice.currency,
    fees_amount_cents: invoice.feesAmountCents,
    taxes_amount_cents: invoice.taxesAmountCents,
    progressive_billing_credit_amount_cents: 0,
    coupons_amount_cents: 0,
    credit_notes_amount_cents: 0,
    sub_total_excluding_taxes_amount_cents: invoice.subTotalExcludingTaxesAmountCents,
    sub_total_including_taxes_amount_cents: invoice.subTotalIncludingTaxesAmountCents,
    total_amount_cents: invoice.totalAmountCents,
    total_due_amount_cents: totalDueAmountCents(balanceOf(invoice)),
    total_paid_amount_cents: invoice.totalPaidAmountCents,
    total_offsetted_credit_note_amount_cents: invoice.offsetAmountCents,
    prepaid_credit_amount_cents: 0,
    prepaid_granted_credit_amount_cents: 0,
    prepaid_purchased_credit_amount_cents: 0,
    file_url: null,
    xml_url: null,
    web_url: null,
    version_number: 4,
    self_billed: false,
    created_at: lagoTime(invoice.createdAt),
    updated_at: lagoTime(invoice.updatedAt),
    voided_at: invoice.voidedAt ? lagoTime(invoice.voidedAt) : null,
  };
  if (view === 'base') return base;
  return {
    ...base,
    customer: customer ?? invoice.customerSnapshot,
    subscriptions: [],
    billing_periods: [],
    fees: invoice.fees.map((fee) => ({ ...fee, payment_status: invoice.paymentStatus })),
    credits: [],
    metadata: invoice.metadata,
    applied_taxes: invoice.appliedTaxes,
    error_details: [],
    applied_invoice_custom_sections: [],
  };
}

/** Lago's fee object for a computed one-off fee of `invoice`. */
export function feeToV1(fee: OneOffFee, invoice: Invoice, from: Date, to: Date): FeeV1 {
  const id = randomUUID();
  const created = lagoTime(invoice.createdAt);
  return {
    lago_id: id,
    lago_charge_id: null,
    lago_charge_filter_id: null,
    lago_invoice_id: invoice.id,
    lago_true_up_fee_id: null,
    lago_true_up_parent_fee_id: null,
    lago_subscription_id: null,
    lago_customer_id: invoice.customerId,
    external_customer_id: invoice.externalCustomerId,
    external_subscription_id: null,
    invoice_display_name: fee.invoiceDisplayName,
    amount_cents: fee.amountCents,
    amount_currency: fee.amountCurrency,
    precise_amount: (fee.amountCents / 100).toFixed(2),
    precise_total_amount: (fee.totalAmountCents / 100).toFixed(2),
    taxes_amount_cents: fee.taxesAmountCents,
    taxes_precise_amount: (fee.taxesAmountCents / 100).toFixed(2),
    taxes_rate: fee.taxesRate,
    units: String(fee.units),
    precise_unit_amount: (fee.unitAmountCents / 100).toFixed(2),
    total_amount_cents: fee.totalAmountCents,
    total_amount_currency: fee.amountCurrency,
    events_count: 0,
    pay_in_advance: false,
    invoiceable: true,
    from_date: lagoTime(from),
    to_date: lagoTime(to),
    payment_status: 'pending',
    created_at: created,
    succeeded_at: null,
    failed_at: null,
    refunded_at: null,
    amount_details: {},
    item: {
      type: 'add_on',
      code: fee.addOnCode,
      name: fee.itemName,
      invoice_display_name: fee.itemInvoiceDisplayName,
      filter_invoice_display_name: null,
      filters: null,
      lago_item_id: fee.addOnId,
      item_type: 'AddOn',
      grouped_by: {},
    },
    description: fee.description,
    applied_taxes: fee.appliedTaxes.map((t) => ({ lago_id: randomUUID(), lago_fee_id: id, ...appliedTaxFields(t), created_at: created })),
  };
}

/** Lago's invoice-level applied tax objects. */
export function appliedTaxesToV1(taxes: InvoiceAppliedTax[], invoice: Invoice): InvoiceAppliedTaxV1[] {
  return taxes.map((t) => ({
    lago_id: randomUUID(),
    lago_invoice_id: invoice.id,
    ...appliedTaxFields(t),
    fees_amount_cents: t.feesAmountCents,
    created_at: lagoTime(invoice.createdAt),
  }));
}

/** The fields Lago's fee and invoice applied-tax objects share, in their order. */
function appliedTaxFields(t: AppliedTaxAmount) {
  return {
    lago_tax_id: t.taxId,
    tax_name: t.taxName,
    tax_code: t.taxCode,
    tax_rate: t.taxRate,
    tax_description: t.taxDescription,
    amount_cents: t.amountCents,
    amount_currency: t.amountCurrency,
  };
}
