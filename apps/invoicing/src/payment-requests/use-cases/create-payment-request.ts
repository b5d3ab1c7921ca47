import { Injectable } from '@nestjs/common';
import { fail, ok, PAYMENT_REQUEST_EVENTS, TOPICS, type CreatePaymentRequestV1, type PaymentRequestV1, type RpcReplyV1, type RpcRequestV1 } from '@app/contracts';
import { Outbox, UnitOfWork } from '@app/messaging';
import { currentCustomer } from '../../invoices/customer-source';
import { castUuid, decidePaymentRequest } from '../../invoices/domain';
import { balanceOf } from '../../invoices/invoice.mapper';
import { InvoiceRepository } from '../../invoices/invoice.repository';
import { PaymentRequest } from '../payment-request.entity';
import { PaymentRequestRepository, toPaymentRequestV1 } from '../payment-request.repository';

/**
 * POST /api/v1/payment_requests (spec 2): takes the customer's overdue invoices among the ids
 * (others are dropped unless none match), checks them in Lago's order, asks for what is still
 * due, and publishes `payment_request.created` with the full object. Invoices are not modified;
 * they are locked (in id order) so a payment applied at the same time is seen whole or not at all.
 */
@Injectable()
export class CreatePaymentRequest {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  execute(request: RpcRequestV1<CreatePaymentRequestV1>): Promise<RpcReplyV1<PaymentRequestV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const customer = await currentCustomer(em, organization.id, payload.customer);
      const ids = [...new Set(payload.lago_invoice_ids.map(castUuid).filter((id): id is string => id !== null))];
      const locked = await new InvoiceRepository(em).findOfCustomerForUpdate(organization.id, customer.lago_id, ids);
      // Locked in id order (no deadlock between concurrent requests); presented in the order asked.
      const invoices = locked.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
      const decision = decidePaymentRequest({
        customerId: customer.lago_id,
        lagoInvoiceIds: payload.lago_invoice_ids,
        invoices: invoices.map((invoice) => ({
          ...balanceOf(invoice),
          id: invoice.id,
          customerId: invoice.customerId,
          paymentOverdue: invoice.paymentOverdue,
          currency: invoice.currency,
          billingEntityId: invoice.billingEntityCode,
          readyForPaymentProcessing: invoice.readyForPaymentProcessing,
          invoice,
        })),
      });
      if (!decision.ok) return fail(decision.error.code);
      const now = new Date();
      const requests = new PaymentRequestRepository(em);
      const created = new PaymentRequest();
      created.organizationId = organization.id;
      created.customerId = customer.lago_id;
      created.externalCustomerId = customer.external_id;
      created.amountCents = decision.amountCents;
      created.amountCurrency = decision.currency;
      created.email = payload.email ?? customer.email;
      created.customerSnapshot = customer;
      created.createdAt = now;
      created.updatedAt = now;
      requests.add(created);
      await requests.flush();
      const selected = decision.invoices.map((c) => c.invoice);
      await requests.link(created, selected.map((i) => i.id));
      const view = toPaymentRequestV1(created, customer, selected);
      await this.outbox.addForRequest(em, request, { topic: TOPICS.paymentRequests, key: created.id, type: PAYMENT_REQUEST_EVENTS.created, payload: view, occurredAt: now });
      return ok(view);
    });
  }
}
