import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  CREDIT_NOTE_EVENTS,
  fail,
  INVOICE_EVENTS,
  lagoTime,
  ok,
  TOPICS,
  type CreateCreditNoteV1,
  type CreditNoteV1,
  type RpcReplyV1,
  type RpcRequestV1,
} from '@app/contracts';
import { Outbox, UnitOfWork } from '@app/messaging';
import { latestCustomers } from '../../invoices/customer-source';
import { creditNoteNumber, dateInTimeZone, decideCreditNote, updateInvoicePaymentStatus } from '../../invoices/domain';
import { Invoice } from '../../invoices/invoice.entity';
import { applyPaymentUpdate, paymentStateOf, toInvoiceV1 } from '../../invoices/invoice.mapper';
import { InvoiceRepository } from '../../invoices/invoice.repository';
import { CreditNote } from '../credit-note.entity';
import { creditableFees, issuedNotes, toCreditNoteV1 } from '../credit-note.mapper';
import { CreditNoteRepository } from '../credit-note.repository';

const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;

/**
 * Credit notes (`POST /api/v1/credit_notes`, `PUT /:id`, `PUT /:id/void`). A note is issued with
 * its invoice locked, so notes, manual payments and payment outcomes on one invoice never race.
 * Its offset part lowers what the invoice owes; an offset that leaves nothing due settles the
 * invoice (`succeeded`, no longer overdue, `invoice.payment_status_updated`).
 */
@Injectable()
export class CreditNoteCommands {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  create(request: RpcRequestV1<CreateCreditNoteV1>): Promise<RpcReplyV1<CreditNoteV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const invoice = await new InvoiceRepository(em).findVisible(organization.id, payload.invoice_id, true);
      if (!invoice) return fail('invoice_not_found');
      const notes = new CreditNoteRepository(em);
      const earlier = await notes.ofInvoice(invoice.id);
      const decision = decideCreditNote(
        {
          status: invoice.status,
          paymentStatus: invoice.paymentStatus,
          totalAmountCents: invoice.totalAmountCents,
          totalPaidAmountCents: invoice.totalPaidAmountCents,
          fees: creditableFees(invoice, earlier),
          creditNotes: issuedNotes(earlier),
        },
        {
          reason: payload.reason,
          description: payload.description,
          items: payload.items?.map((i) => ({ feeId: i.fee_id, amountCents: i.amount_cents })) ?? null,
          creditAmountCents: payload.credit_amount_cents,
          refundAmountCents: payload.refund_amount_cents,
          offsetAmountCents: payload.offset_amount_cents,
        },
      );
      if (!decision.ok) return decision.kind === 'fee_not_found' ? fail('fee_not_found') : fail('validation_errors', decision.errors);

      const now = new Date();
      const computed = decision.creditNote;
      const customers = await latestCustomers(em, organization.id, [invoice.customerId]);
      const customer = customers.get(invoice.customerId) ?? invoice.customerSnapshot;
      const invoiceTaxes = new Map(invoice.appliedTaxes.map((t) => [t.tax_code, t]));
      const note = Object.assign(new CreditNote(), {
        organizationId: organization.id,
        invoiceId: invoice.id,
        customerId: invoice.customerId,
        externalCustomerId: invoice.externalCustomerId,
        sequentialId: earlier.length + 1,
        number: creditNoteNumber(invoice.number, earlier.length + 1),
        status: computed.status,
        reason: computed.reason,
        description: payload.description,
        creditStatus: computed.creditStatus,
        refundStatus: computed.refundStatus,
        currency: invoice.currency,
        totalAmountCents: computed.totalAmountCents,
        taxesAmountCents: computed.taxesAmountCents,
        preciseTaxesAmountCents: computed.preciseTaxesAmountCents,
        subTotalExcludingTaxesAmountCents: computed.subTotalExcludingTaxesAmountCents,
        creditAmountCents: computed.creditAmountCents,
        refundAmountCents: computed.refundAmountCents,
        offsetAmountCents: computed.offsetAmountCents,
        balanceAmountCents: computed.balanceAmountCents,
        taxesRate: computed.taxesRate,
        issuingDate: dateInTimeZone(now, customer.applicable_timezone ?? 'UTC'),
        items: computed.items.map((i) => ({ lago_id: randomUUID(), fee_id: i.feeId, amount_cents: i.amountCents, precise_amount_cents: i.preciseAmountCents, created_at: lagoTime(now) })),
        appliedTaxes: computed.appliedTaxes.map((t) => {
          const tax = invoiceTaxes.get(t.taxCode);
          return {
            lago_id: randomUUID(),
            lago_tax_id: tax?.lago_tax_id ?? null,
            tax_name: tax?.tax_name ?? t.taxCode,
            tax_code: t.taxCode,
            tax_rate: t.taxRate,
            tax_description: tax?.tax_description ?? null,
            base_amount_cents: t.baseAmountCents,
            amount_cents: t.amountCents,
            created_at: lagoTime(now),
          };
        }),
        createdAt: now,
        updatedAt: now,
      });
      notes.add(note);

      let settled = false;
      if (note.status === 'finalized' && note.offsetAmountCents > 0) {
        invoice.offsetAmountCents += note.offsetAmountCents;
        invoice.touch(now);
        if (decision.settlesInvoice) {
          const update = updateInvoicePaymentStatus(paymentStateOf(invoice), { paymentStatus: 'succeeded', notify: true });
          applyPaymentUpdate(invoice, update);
          settled = update.notify;
        }
      }
      await em.flush();
      const view = toCreditNoteV1(note, invoice);
      if (settled) await this.outbox.addForRequest(em, request, { topic: TOPICS.invoices, key: invoice.id, type: INVOICE_EVENTS.paymentStatusUpdated, payload: toInvoiceV1(invoice, 'full', customer), occurredAt: invoice.updatedAt });
      if (note.status === 'finalized') await this.outbox.addForRequest(em, request, { topic: TOPICS.creditNotes, key: note.id, type: CREDIT_NOTE_EVENTS.created, payload: view, occurredAt: now });
      return ok(view);
    });
  }

  /** `PUT /credit_notes/:id`: the refund status (pending, succeeded or failed; else `refund_status: value_is_invalid`). */
  updateRefundStatus(request: RpcRequestV1<{ lago_id: string; refund_status: unknown }>): Promise<RpcReplyV1<CreditNoteV1>> {
    return this.change(request, (note) => {
      const status = request.payload.refund_status;
      if (!(REFUND_STATUSES as readonly unknown[]).includes(status)) return { error: 'invalid' };
      const changed = note.refundStatus !== status;
      note.refundStatus = status as CreditNote['refundStatus'];
      return { event: changed ? CREDIT_NOTE_EVENTS.refundStatusUpdated : null };
    });
  }

  /** `PUT /credit_notes/:id/void`: voids what is left of the credit part (405 `no_voidable_amount` when nothing is). */
  void(request: RpcRequestV1<{ lago_id: string }>): Promise<RpcReplyV1<CreditNoteV1>> {
    return this.change(request, (note, now) => {
      if (note.creditStatus === 'voided' || note.balanceAmountCents <= 0) return { error: 'no_voidable_amount' };
      note.creditStatus = 'voided';
      note.balanceAmountCents = 0;
      note.voidedAt = now;
      return { event: CREDIT_NOTE_EVENTS.voided };
    });
  }

  private change(
    request: RpcRequestV1<{ lago_id: string }>,
    apply: (note: CreditNote, now: Date) => { error: 'invalid' | 'no_voidable_amount' } | { event: string | null },
  ): Promise<RpcReplyV1<CreditNoteV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em: EntityManager) => {
      const note = await new CreditNoteRepository(em).find(organization.id, payload.lago_id, false);
      if (!note) return fail('credit_note_not_found');
      const now = new Date();
      const outcome = apply(note, now);
      if ('error' in outcome) return outcome.error === 'invalid' ? fail('validation_errors', { refund_status: ['value_is_invalid'] }) : fail('no_voidable_amount');
      note.updatedAt = now;
      await em.flush();
      const view = toCreditNoteV1(note, await em.findOneOrFail(Invoice, { id: note.invoiceId }));
      if (outcome.event) await this.outbox.addForRequest(em, request, { topic: TOPICS.creditNotes, key: note.id, type: outcome.event, payload: view, occurredAt: now });
      return ok(view);
    });
  }
}
