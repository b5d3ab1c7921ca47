import { Injectable } from '@nestjs/common';
import { fail, INVOICE_EVENTS, ok, TOPICS, type CreateManualPaymentV1, type LagoPaymentV1, type RpcReplyV1, type RpcRequestV1 } from '@app/contracts';
import { Outbox, UnitOfWork } from '@app/messaging';
import { decideManualPayment, updateInvoicePaymentStatus } from '../../invoices/domain';
import { applyPaymentUpdate, balanceOf, paymentStateOf } from '../../invoices/invoice.mapper';
import { InvoiceRepository } from '../../invoices/invoice.repository';
import { Payment } from '../payment.entity';
import { PaymentRepository, toLagoPaymentV1 } from '../payment.repository';

/**
 * `POST /api/v1/payments` (spec §7.8): records a manual payment of a finalized invoice with the
 * invoice locked, so concurrent payments can never pay more than is due. The invoice's paid amount
 * becomes the sum of its payments; the payment that settles it marks it `succeeded`, which clears
 * `payment_overdue` and publishes `invoice.payment_status_updated`. Payment requests containing
 * the invoice are left alone, as in Lago.
 */
@Injectable()
export class CreateManualPayment {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  execute(request: RpcRequestV1<CreateManualPaymentV1>): Promise<RpcReplyV1<LagoPaymentV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const invoices = new InvoiceRepository(em);
      const payments = new PaymentRepository(em);
      const invoice = await invoices.findVisible(organization.id, payload.invoice_id, true);
      if (!invoice) return fail('invoice_not_found');
      const now = new Date();
      const decision = decideManualPayment(
        {
          ...balanceOf(invoice),
          succeededPaymentsAmountCents: await payments.succeededAmountOfInvoice(invoice.id),
          inSucceededPaymentRequest: await payments.inSucceededPaymentRequest(invoice.id),
        },
        { amountCents: payload.amount_cents, reference: payload.reference, paidAt: payload.paid_at },
        now,
      );
      if (!decision.ok) return decision.kind === 'forbidden' ? fail('feature_unavailable') : fail('validation_errors', decision.errors);

      const payment = Object.assign(new Payment(), {
        organizationId: organization.id,
        customerId: invoice.customerId,
        externalCustomerId: invoice.externalCustomerId,
        payableType: 'Invoice' as const,
        payableId: invoice.id,
        invoiceIds: [invoice.id],
        paymentType: 'manual' as const,
        amountCents: payload.amount_cents,
        amountCurrency: invoice.currency,
        status: 'succeeded',
        payablePaymentStatus: 'succeeded',
        reference: payload.reference,
        createdAt: decision.createdAt,
        updatedAt: now,
      });
      payments.add(payment);
      invoice.totalPaidAmountCents = decision.totalPaidAmountCents;
      const update = decision.settlesInvoice ? updateInvoicePaymentStatus(paymentStateOf(invoice), { paymentStatus: 'succeeded', notify: true }) : null;
      if (update) applyPaymentUpdate(invoice, update);
      invoice.touch(now);
      await invoices.flush();
      if (update?.notify) {
        const view = await invoices.view(invoice);
        await this.outbox.addForRequest(em, request, { topic: TOPICS.invoices, key: invoice.id, type: INVOICE_EVENTS.paymentStatusUpdated, payload: view, occurredAt: invoice.updatedAt });
      }
      return ok(toLagoPaymentV1(payment));
    });
  }
}
