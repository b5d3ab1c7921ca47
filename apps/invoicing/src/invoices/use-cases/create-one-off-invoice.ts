import { Injectable } from '@nestjs/common';
import {
  fail,
  INVOICE_EVENTS,
  ok,
  TOPICS,
  type CreateOneOffInvoiceV1,
  type InvoiceV1,
  type RpcReplyV1,
  type RpcRequestV1,
} from '@app/contracts';
import { Outbox, UnitOfWork } from '@app/messaging';
import { AddOnRepository } from '../../add-ons/add-on.repository';
import type { Tax } from '../../taxes/tax.entity';
import { TaxRepository } from '../../taxes/tax.repository';
import { currentCustomer } from '../customer-source';
import {
  applicableNetPaymentTerm,
  computeOneOffInvoice,
  dateInTimeZone,
  draftInvoiceNumber,
  effectiveDocumentNumbering,
  finalizedInvoiceNumber,
  nextSequentialId,
  oneOffInvoiceCurrency,
  paymentDueDate,
  type OneOffAddOn,
  type TaxRate,
} from '../domain';
import { Invoice } from '../invoice.entity';
import { appliedTaxesToV1, feeToV1, toInvoiceV1 } from '../invoice.mapper';
import { InvoiceRepository } from '../invoice.repository';

const taxRate = (t: Tax): TaxRate => ({ id: t.id, code: t.code, name: t.name, rate: Number(t.rate), description: t.description });

/**
 * Issues a one-off invoice from add-ons (spec payment-requests.md 7.6), finalized at creation with
 * Lago's amounts, number and dates, and publishes `invoice.created` in the same transaction.
 */
@Injectable()
export class CreateOneOffInvoice {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  execute(request: RpcRequestV1<CreateOneOffInvoiceV1>): Promise<RpcReplyV1<InvoiceV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const customer = await currentCustomer(em, organization.id, payload.customer);
      if (!payload.fees?.length) return fail('fees_not_found');
      const codes = [...new Set(payload.fees.map((f) => f.add_on_code))];
      const addOns = await new AddOnRepository(em).findLiveByCodes(organization.id, codes);
      if (addOns.length !== codes.length) return fail('add_on_not_found');
      const currency = oneOffInvoiceCurrency(payload.currency, customer.currency);
      if (!currency.ok) return fail('validation_errors', { [currency.error.field]: [currency.error.code] });

      const taxes = new TaxRepository(em);
      const feeTaxCodes = [...new Set(payload.fees.flatMap((f) => f.tax_codes ?? []))];
      const [organizationTaxes, customerTaxes, defaults] = await Promise.all([
        feeTaxCodes.length ? taxes.findLiveByCodes(organization.id, feeTaxCodes) : Promise.resolve([]),
        taxes.findLiveByIds(organization.id, (customer.taxes ?? []).map((t) => t.lago_id)),
        taxes.findOrganizationDefaults(organization.id),
      ]);
      const byCode = new Map<string, OneOffAddOn>(
        addOns.map((a) => [
          a.code,
          { id: a.id, code: a.code, name: a.name, invoiceDisplayName: a.invoiceDisplayName, description: a.description, amountCents: a.amountCents, taxes: a.taxes.getItems().map(taxRate) },
        ]),
      );
      const computed = computeOneOffInvoice({
        currency: currency.currency,
        fees: payload.fees.map((f) => ({
          addOn: byCode.get(f.add_on_code)!,
          units: f.units,
          unitAmountCents: f.unit_amount_cents,
          description: f.description,
          invoiceDisplayName: f.invoice_display_name,
          taxCodes: f.tax_codes,
        })),
        organizationTaxes: organizationTaxes.map(taxRate),
        customerTaxes: customerTaxes.map(taxRate),
        billingEntityTaxes: defaults.map(taxRate),
        customerFinalizeZeroAmountInvoice: customer.finalize_zero_amount_invoice,
      });
      if (!computed.ok) return fail('validation_errors', { [computed.error.field]: [computed.error.code] });
      const result = computed.value;

      const now = new Date();
      const invoices = new InvoiceRepository(em);
      const invoice = new Invoice();
      invoice.organizationId = organization.id;
      invoice.customerId = customer.lago_id;
      invoice.externalCustomerId = customer.external_id;
      invoice.billingEntityCode = customer.billing_entity_code;
      invoice.purchaseOrderNumber = payload.purchase_order_number ?? null;
      invoice.status = result.status;
      invoice.paymentStatus = result.paymentStatus;
      invoice.currency = result.currency;
      invoice.issuingDate = dateInTimeZone(now, customer.applicable_timezone);
      invoice.netPaymentTerm = applicableNetPaymentTerm(customer.net_payment_term, 0);
      invoice.paymentDueDate = paymentDueDate(invoice.issuingDate, invoice.netPaymentTerm);
      invoice.feesAmountCents = result.amounts.feesAmountCents;
      invoice.taxesAmountCents = result.amounts.taxesAmountCents;
      invoice.subTotalExcludingTaxesAmountCents = result.amounts.subTotalExcludingTaxesAmountCents;
      invoice.subTotalIncludingTaxesAmountCents = result.amounts.subTotalIncludingTaxesAmountCents;
      invoice.totalAmountCents = result.amounts.totalAmountCents;
      invoice.taxesRate = result.amounts.taxesRate;
      invoice.readyForPaymentProcessing = result.paymentStatus !== 'succeeded';
      invoice.createdAt = now;
      invoice.updatedAt = now;
      invoice.fees = result.fees.map((fee, i) => {
        const f = payload.fees[i]!;
        return feeToV1(fee, invoice, f.from_datetime ? new Date(f.from_datetime) : now, f.to_datetime ? new Date(f.to_datetime) : now);
      });
      invoice.appliedTaxes = appliedTaxesToV1(result.appliedTaxes, invoice);
      invoice.customerSnapshot = customer;
      if (invoice.status === 'finalized') {
        // Both counters are kept; the billing entity's numbering picks the one the number shows.
        await invoices.lockBillingEntityNumbering(organization.id, invoice.billingEntityCode);
        invoice.sequentialId = nextSequentialId(await invoices.maxSequentialId(customer.lago_id, invoice.billingEntityCode));
        invoice.billingEntitySequentialId = nextSequentialId(await invoices.maxBillingEntitySequentialId(organization.id, invoice.billingEntityCode));
        invoice.number = finalizedInvoiceNumber(
          organization.document_number_prefix,
          effectiveDocumentNumbering(organization.document_numbering ?? 'per_customer', false) === 'per_billing_entity'
            ? { numbering: 'per_billing_entity', billingEntitySequentialId: invoice.billingEntitySequentialId, finalizedAt: now, timeZone: 'UTC' }
            : { numbering: 'per_customer', customerSequentialId: customer.sequential_id, invoiceSequentialId: invoice.sequentialId },
        );
      } else {
        invoice.number = draftInvoiceNumber(organization.document_number_prefix);
      }
      invoices.add(invoice);
      await invoices.flush();
      const view = toInvoiceV1(invoice, 'full');
      if (invoice.status === 'finalized') {
        await this.outbox.addForRequest(em, request, { topic: TOPICS.invoices, key: invoice.id, type: INVOICE_EVENTS.created, payload: view, occurredAt: now });
      }
      return ok(view);
    });
  }
}
