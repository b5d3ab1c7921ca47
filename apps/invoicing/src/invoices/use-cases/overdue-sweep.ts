import { randomUUID } from 'node:crypto';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { INVOICE_EVENTS, TOPICS } from '@app/contracts';
import { Outbox, sql, UnitOfWork } from '@app/messaging';
import { latestCustomers } from '../customer-source';
import { Invoice } from '../invoice.entity';
import { toInvoiceV1 } from '../invoice.mapper';

const BATCH = 200;

/**
 * Lago's overdue job on an interval: finalized, unpaid invoices whose due date (midnight UTC) has
 * passed get `payment_overdue = true` and an `invoice.payment_overdue` event, in the same
 * transaction. Rows are claimed with SKIP LOCKED, so several replicas never flag one twice.
 */
export class OverdueSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OverdueSweep');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.sweep().then(() => undefined, (e: unknown) => this.logger.error(`sweep failed: ${(e as Error).message}`)).finally(() => (this.running = undefined));
    }, this.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Flags every invoice overdue at `now`, in batches; returns how many. */
  async sweep(now = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const flagged = await this.uow.run(async (em) => {
        const rows = await sql<{ id: string }>(
          em,
          `select id from invoices
            where status = 'finalized' and payment_status <> 'succeeded' and not payment_overdue
              and payment_dispute_lost_at is null and payment_due_date::timestamp < (?::timestamptz at time zone 'UTC')
            order by payment_due_date, id limit ? for update skip locked`,
          [now.toISOString(), BATCH],
        );
        if (rows.length === 0) return 0;
        const invoices = await em.find(Invoice, { id: { $in: rows.map((r) => r.id) } });
        const correlationId = randomUUID();
        for (const invoice of invoices) {
          invoice.paymentOverdue = true;
          invoice.touch(now);
        }
        await em.flush();
        const customers = new Map<string, Awaited<ReturnType<typeof latestCustomers>>>();
        for (const organizationId of new Set(invoices.map((i) => i.organizationId))) {
          const ofOrganization = invoices.filter((i) => i.organizationId === organizationId).map((i) => i.customerId);
          customers.set(organizationId, await latestCustomers(em, organizationId, ofOrganization));
        }
        for (const invoice of invoices) {
          const latest = customers.get(invoice.organizationId)!.get(invoice.customerId);
          await this.outbox.add(em, {
            topic: TOPICS.invoices,
            key: invoice.id,
            type: INVOICE_EVENTS.paymentOverdue,
            organizationId: invoice.organizationId,
            correlationId,
            payload: toInvoiceV1(invoice, 'full', latest),
            occurredAt: invoice.updatedAt,
          });
        }
        return invoices.length;
      });
      total += flagged;
      if (flagged < BATCH) return total;
    }
  }
}
