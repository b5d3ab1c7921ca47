import type { DocumentNumbering } from './invoice-enums';
import { dateInTimeZone } from './invoice-dates';

/*
 * Invoice numbers and sequential ids (spec §7.2, `Invoice#ensure_number`, `Sequenced`). The
 * prefix is the organization's (in Lago, the billing entity's) `document_number_prefix`, already
 * upper-cased, e.g. `LAG-1A2B`.
 */

/** The number of an invoice that is not finalized yet: `<prefix>-DRAFT`. */
export const draftInvoiceNumber = (prefix: string): string => `${prefix}-DRAFT`;

/** Lago's `%03d`: at least three digits, more when the counter needs them (1000 stays 1000). */
export function formatSequence(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 0) throw new RangeError(`sequence must be a non-negative integer, got ${sequence}`);
  return String(sequence).padStart(3, '0');
}

/** The numbering an invoice uses: a self-billed invoice always uses `per_customer`. */
export const effectiveDocumentNumbering = (documentNumbering: DocumentNumbering, selfBilled: boolean): DocumentNumbering =>
  selfBilled ? 'per_customer' : documentNumbering;

/** The counters a finalized invoice's number is built from. */
export type FinalizedInvoiceNumbering =
  | {
      /** `<prefix>-<customer sequential_id>-<invoice sequential_id>`. */
      numbering: 'per_customer';
      /** The customer's per-organization `sequential_id`. */
      customerSequentialId: number;
      /** The invoice's `sequential_id` (see `nextSequentialId`). */
      invoiceSequentialId: number;
    }
  | {
      /** `<prefix>-<YYYYMM>-<billing entity sequential id>`. */
      numbering: 'per_billing_entity';
      /** The invoice's `billing_entity_sequential_id` (see `nextSequentialId`). */
      billingEntitySequentialId: number;
      /** The finalization instant; its month in `timeZone` gives `YYYYMM`. */
      finalizedAt: Date;
      /** The billing entity's time zone (Lago: `UTC` when it has none). */
      timeZone: string;
    };

/**
 * The number given at finalization: `LAG-1A2B-001-002` (`per_customer`) or `LAG-1A2B-202611-001`
 * (`per_billing_entity`). Voiding keeps it.
 */
export function finalizedInvoiceNumber(prefix: string, counters: FinalizedInvoiceNumbering): string {
  if (counters.numbering === 'per_customer') {
    return `${prefix}-${formatSequence(counters.customerSequentialId)}-${formatSequence(counters.invoiceSequentialId)}`;
  }
  const yearMonth = dateInTimeZone(counters.finalizedAt, counters.timeZone).slice(0, 7).replace('-', '');
  return `${prefix}-${yearMonth}-${formatSequence(counters.billingEntitySequentialId)}`;
}

/**
 * The next value of a Lago sequence: the current maximum + 1, starting at 1. For an invoice's
 * `sequential_id` the maximum is taken over the customer's invoices in the same billing entity
 * (assigned at finalization only, so drafts have none); for `billing_entity_sequential_id`, over
 * the entity's non-self-billed finalized or voided invoices.
 * The caller serializes concurrent finalizations (Lago takes an advisory lock).
 */
export function nextSequentialId(currentMaximum: number | null | undefined): number {
  const maximum = currentMaximum ?? 0;
  if (!Number.isSafeInteger(maximum) || maximum < 0) throw new RangeError(`sequence maximum must be a non-negative integer, got ${maximum}`);
  return maximum + 1;
}
