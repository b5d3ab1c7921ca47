import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  fail,
  INVOICE_EVENTS,
  lagoTime,
  ok,
  TOPICS,
  type InvoiceIdV1,
  type InvoiceV1,
  type RpcReplyV1,
  type RpcRequestV1,
  type UpdateInvoiceV1,
} from '@app/contracts';
import { Outbox, UnitOfWork } from '@app/messaging';
import {
  applyInvoiceMetadata,
  INVOICE_PAYMENT_STATUSES,
  isOneOf,
  loseInvoiceDispute,
  MAX_INVOICE_METADATA,
  updateInvoicePaymentStatus,
  voidInvoice,
} from '../domain';
import type { Invoice } from '../invoice.entity';
import { applyPaymentUpdate, paymentStateOf } from '../invoice.mapper';
import { InvoiceRepository } from '../invoice.repository';

/**
 * Changes to an issued invoice: PUT (payment status and metadata, spec §7.7), void and lost
 * dispute (§7.8). A refusal changes nothing; a change publishes its event after the commit.
 */
@Injectable()
export class UpdateInvoice {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Lago's order: 404, 405 `update_on_voided_invoice`, 405 `metadata_on_draft_invoice`, 422
   * `payment_status: value_is_invalid`, 422 `metadata: invalid_count`, 405
   * `payment_status_update_on_draft_invoice`, then the metadata entries themselves. A succeeded
   * invoice is no longer overdue; the paid amount and the payment requests containing it are
   * left alone, as in Lago.
   */
  execute(request: RpcRequestV1<UpdateInvoiceV1>): Promise<RpcReplyV1<InvoiceV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const invoices = new InvoiceRepository(em);
      const invoice = await invoices.findVisible(organization.id, payload.lago_id, true);
      if (!invoice) return fail('invoice_not_found');
      if (invoice.status === 'voided') return fail('update_on_voided_invoice');
      if (payload.metadata !== undefined && invoice.status === 'draft') return fail('metadata_on_draft_invoice');
      const statusGiven = payload.payment_status !== undefined;
      if (statusGiven && !isOneOf(INVOICE_PAYMENT_STATUSES, payload.payment_status)) return fail('validation_errors', { payment_status: ['value_is_invalid'] });
      if (payload.metadata !== undefined && payload.metadata.length > MAX_INVOICE_METADATA) return fail('validation_errors', { metadata: ['invalid_count'] });
      const paymentStatus = statusGiven ? (payload.payment_status as Invoice['paymentStatus']) : invoice.paymentStatus;
      if (invoice.status === 'draft' && paymentStatus !== invoice.paymentStatus) return fail('payment_status_update_on_draft_invoice');

      const now = new Date();
      if (payload.metadata !== undefined) {
        const applied = applyInvoiceMetadata(invoice.metadata, payload.metadata, (key, value) => ({ lago_id: randomUUID(), key, value, created_at: lagoTime(now) }));
        if (!applied.ok) return fail('validation_errors', applied.errors);
        invoice.metadata = applied.metadata;
      }
      const update = updateInvoicePaymentStatus(paymentStateOf(invoice), { paymentStatus, notify: statusGiven });
      applyPaymentUpdate(invoice, update);
      if (payload.metadata !== undefined || update.paymentStatusChanged) invoice.touch(now);
      return this.saved(em, invoices, request, invoice, update.notify ? INVOICE_EVENTS.paymentStatusUpdated : null);
    });
  }

  /** `POST /invoices/:id/void`: a finalized invoice becomes voided and owes nothing (405 `not_voidable` otherwise). */
  void(request: RpcRequestV1<InvoiceIdV1>): Promise<RpcReplyV1<InvoiceV1>> {
    return this.change(request, INVOICE_EVENTS.voided, (invoice, now) => {
      const voided = voidInvoice(invoice, now);
      if (!voided.ok) return voided.code;
      invoice.status = voided.status;
      invoice.voidedAt = voided.voidedAt;
      invoice.paymentOverdue = voided.paymentOverdue;
      invoice.readyForPaymentProcessing = voided.readyForPaymentProcessing;
      return null;
    });
  }

  /** `POST /invoices/:id/lose_dispute`: records the lost dispute (405 `not_disputable` unless finalized or voided). */
  loseDispute(request: RpcRequestV1<InvoiceIdV1>): Promise<RpcReplyV1<InvoiceV1>> {
    return this.change(request, INVOICE_EVENTS.paymentDisputeLost, (invoice, now) => {
      const lost = loseInvoiceDispute(invoice, now);
      if (!lost.ok) return lost.code;
      invoice.paymentDisputeLostAt = lost.paymentDisputeLostAt;
      invoice.paymentOverdue = lost.paymentOverdue;
      return null;
    });
  }

  private change(
    request: RpcRequestV1<InvoiceIdV1>,
    event: string,
    apply: (invoice: Invoice, now: Date) => 'not_voidable' | 'not_disputable' | null,
  ): Promise<RpcReplyV1<InvoiceV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const invoices = new InvoiceRepository(em);
      const invoice = await invoices.findVisible(organization.id, payload.lago_id, true);
      if (!invoice) return fail('invoice_not_found');
      const now = new Date();
      const refusal = apply(invoice, now);
      if (refusal) return fail(refusal);
      invoice.touch(now);
      return this.saved(em, invoices, request, invoice, event);
    });
  }

  private async saved(em: EntityManager, invoices: InvoiceRepository, request: RpcRequestV1<unknown>, invoice: Invoice, event: string | null): Promise<RpcReplyV1<InvoiceV1>> {
    await invoices.flush();
    const view = await invoices.view(invoice);
    if (event) await this.outbox.addForRequest(em, request, { topic: TOPICS.invoices, key: invoice.id, type: event, payload: view, occurredAt: invoice.updatedAt });
    return ok(view);
  }
}
