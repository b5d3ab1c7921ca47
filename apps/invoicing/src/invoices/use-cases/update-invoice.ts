import { Injectable } from '@nestjs/common';
import { fail, INVOICE_EVENTS, ok, TOPICS, type InvoiceV1, type RpcReplyV1, type RpcRequestV1, type UpdateInvoiceV1 } from '@app/contracts';
import { Outbox, UnitOfWork } from '@app/messaging';
import { latestCustomers } from '../customer-source';
import { updateInvoicePaymentStatus } from '../domain';
import { balanceOf, toInvoiceV1 } from '../invoice.mapper';
import { InvoiceRepository } from '../invoice.repository';

/**
 * PUT /api/v1/invoices/:id with a payment_status (spec 7.7): a succeeded invoice is no longer
 * overdue; the paid amount and the payment requests containing it are left alone, as in Lago.
 */
@Injectable()
export class UpdateInvoice {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  execute(request: RpcRequestV1<UpdateInvoiceV1>): Promise<RpcReplyV1<InvoiceV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const invoices = new InvoiceRepository(em);
      const invoice = await invoices.findVisible(organization.id, payload.lago_id, true);
      if (!invoice) return fail('invoice_not_found');
      if (invoice.status === 'voided') return fail('update_on_voided_invoice');
      if (invoice.status === 'draft' && payload.payment_status !== invoice.paymentStatus) return fail('payment_status_update_on_draft_invoice');
      const update = updateInvoicePaymentStatus(
        { ...balanceOf(invoice), id: invoice.id, paymentStatus: invoice.paymentStatus, paymentOverdue: invoice.paymentOverdue, readyForPaymentProcessing: invoice.readyForPaymentProcessing },
        { paymentStatus: payload.payment_status, notify: true },
      );
      const now = new Date();
      invoice.paymentStatus = update.paymentStatus;
      invoice.paymentOverdue = update.paymentOverdue;
      invoice.readyForPaymentProcessing = update.readyForPaymentProcessing;
      invoice.updatedAt = now;
      await invoices.flush();
      const customers = await latestCustomers(em, organization.id, [invoice.customerId]);
      const view = toInvoiceV1(invoice, 'full', customers.get(invoice.customerId));
      if (update.notify) {
        await this.outbox.addForRequest(em, request, { topic: TOPICS.invoices, key: invoice.id, type: INVOICE_EVENTS.paymentStatusUpdated, payload: view, occurredAt: now });
      }
      return ok(view);
    });
  }
}
