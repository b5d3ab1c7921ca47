import type { EntityManager } from '@mikro-orm/postgresql';
import { parseIso8601, type InvoiceAmountsRefV1 } from '@app/contracts';
import { sql } from '@app/messaging';

/** ChargeOver's amounts of one customer, over its finalized invoices. */
export interface CustomerAmounts {
  total_cents: number;
  paid_cents: number;
  balance_cents: number;
  overdue: boolean;
}

/** SQL expressions of a customer's amounts (`numeric` for the sums, `boolean` for overdue). */
export interface CustomerAmountsSql {
  total: string;
  paid: string;
  balance: string;
  overdue: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/i;
const INNER_ALIAS = 'ia';

/**
 * The one definition of a customer's amounts: scalar subqueries over `invoice_amounts` for the
 * customer row aliased `customerAlias` (its `id` column), to select, filter or sort on. Only
 * finalized invoices count (drafts, voided, failed and pending owe nothing); a succeeded invoice
 * is paid in full; balance is total minus paid; a customer is overdue when a finalized invoice is
 * flagged overdue and not paid.
 */
export function customerAmountsSql(customerAlias: string): CustomerAmountsSql {
  // The alias is spliced into SQL, and must not be the subqueries' own alias (unquoted, so case-folded).
  if (!IDENTIFIER.test(customerAlias) || customerAlias.toLowerCase() === INNER_ALIAS) throw new Error(`invalid customer alias: ${customerAlias}`);
  const finalized = `from invoice_amounts ${INNER_ALIAS} where ${INNER_ALIAS}.customer_id = ${customerAlias}.id and ${INNER_ALIAS}.status = 'finalized'`;
  const sum = (expression: string) => `(select coalesce(sum(${expression}), 0) ${finalized})`;
  // A succeeded invoice is paid in full even when its payment was marked by hand (total_paid stays 0 then, as in Lago).
  const paid = `case when ${INNER_ALIAS}.payment_status = 'succeeded' then ${INNER_ALIAS}.total_amount_cents else least(${INNER_ALIAS}.total_paid_amount_cents, ${INNER_ALIAS}.total_amount_cents) end`;
  return {
    total: sum(`${INNER_ALIAS}.total_amount_cents`),
    paid: sum(paid),
    balance: sum(`${INNER_ALIAS}.total_amount_cents - (${paid})`),
    overdue: `exists (select 1 ${finalized} and ${INNER_ALIAS}.payment_overdue and ${INNER_ALIAS}.payment_status <> 'succeeded' and ${INNER_ALIAS}.total_paid_amount_cents < ${INNER_ALIAS}.total_amount_cents)`,
  };
}

/**
 * Orders an invoice's events (`source_time`): the invoice's `updated_at`, with the event's
 * `occurred_at` breaking ties inside that second. Lago writes `updated_at` to the whole second,
 * so two changes in one second would tie; invoicing takes both from one clock reading, so an
 * `occurred_at` inside that second is the same instant to the millisecond. An `occurred_at`
 * outside it (an event that changed nothing) or a finer `updated_at` is not mixed in. An
 * `updated_at` that is absent or does not parse leaves `occurred_at`.
 */
export function invoiceSourceTime(updatedAt: string | null | undefined, occurredAt: string): Date {
  const occurred = parseIso8601(occurredAt) ?? new Date(occurredAt);
  const updated = updatedAt ? parseIso8601(updatedAt) : null;
  if (!updated) {
    if (Number.isNaN(occurred.getTime())) throw new Error(`unreadable occurred_at: ${occurredAt}`);
    return occurred;
  }
  const withinSecond = updated.getTime() % 1000 === 0 && occurred.getTime() >= updated.getTime() && occurred.getTime() < updated.getTime() + 1000;
  return withinSecond ? occurred : updated;
}

/** The customers service's copy of each invoice's amounts, and their sums per customer. */
export class InvoiceAmountsRepository {
  constructor(private readonly em: EntityManager) {}

  /** Applies an invoice event, unless a newer state of the invoice is already held. */
  async applyEvent(organizationId: string, invoice: InvoiceAmountsRefV1, occurredAt: string): Promise<void> {
    await sql(
      this.em,
      `insert into invoice_amounts (invoice_id, organization_id, customer_id, currency, status, payment_status, total_amount_cents,
         total_paid_amount_cents, payment_overdue, source_time, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
       on conflict (invoice_id) do update set organization_id = excluded.organization_id, customer_id = excluded.customer_id,
         currency = excluded.currency, status = excluded.status, payment_status = excluded.payment_status, total_amount_cents = excluded.total_amount_cents,
         total_paid_amount_cents = excluded.total_paid_amount_cents, payment_overdue = excluded.payment_overdue,
         source_time = excluded.source_time, updated_at = excluded.updated_at
       where invoice_amounts.source_time <= excluded.source_time`,
      [
        invoice.lago_id,
        organizationId,
        invoice.customer.lago_id,
        invoice.currency,
        invoice.status,
        invoice.payment_status,
        invoice.total_amount_cents,
        invoice.total_paid_amount_cents,
        invoice.payment_overdue,
        invoiceSourceTime(invoice.updated_at, occurredAt),
      ],
    );
  }

  /** The amounts of each customer that has invoices in the copy (any status); others are absent. */
  async amountsOf(customerIds: string[]): Promise<Map<string, CustomerAmounts>> {
    const result = new Map<string, CustomerAmounts>();
    if (customerIds.length === 0) return result;
    const amounts = customerAmountsSql('c');
    const rows = await sql<{ id: string; total: string; paid: string; balance: string; overdue: boolean }>(
      this.em,
      `select c.id, ${amounts.total} as total, ${amounts.paid} as paid, ${amounts.balance} as balance, ${amounts.overdue} as overdue
         from unnest(?::uuid[]) as c (id)
        where exists (select 1 from invoice_amounts where customer_id = c.id)`,
      [`{${customerIds.join(',')}}`],
    );
    // The sums are numeric (strings from pg); cents stay far below 2^53.
    for (const row of rows) {
      result.set(row.id, { total_cents: Number(row.total), paid_cents: Number(row.paid), balance_cents: Number(row.balance), overdue: row.overdue });
    }
    return result;
  }
}
