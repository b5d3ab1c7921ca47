import type { InvoiceStatus } from './invoice-enums';

/*
 * Changes to an issued invoice besides its payment status (spec §7.7, §7.8): metadata, void and
 * lost dispute.
 */

/** Lago's `Metadata::InvoiceMetadata::COUNT_PER_INVOICE`. */
export const MAX_INVOICE_METADATA = 5;
/** Longest metadata key. */
export const MAX_INVOICE_METADATA_KEY_LENGTH = 20;

/** A stored metadata entry of an invoice (`V1::Invoices::MetadataSerializer`). */
export interface InvoiceMetadataEntry {
  lago_id: string;
  key: string;
  value: string;
  created_at: string;
}

/** One element of `metadata[]` in a PUT, after the gateway's strong-parameter pass. */
export interface InvoiceMetadataInput {
  id: string | null;
  key: string | null;
  value: string | null;
}

/** Field codes of a refused metadata change, as Lago's `error_details`. */
export type MetadataErrors = Partial<Record<'key' | 'value', string[]>>;

/**
 * `Invoices::Metadata::UpdateService`: each entry, in order, updates the stored entry with its id
 * or else creates one; stored entries not named by an id are then deleted. Each save is validated
 * against the entries stored at that moment, so a new entry reusing the key of an entry that is
 * about to be deleted is still a duplicate (`key: value_already_exist`), as in Lago. Keys are
 * 1–20 characters, values are required. Any error refuses the whole change.
 */
export function applyInvoiceMetadata(
  stored: readonly InvoiceMetadataEntry[],
  inputs: readonly InvoiceMetadataInput[],
  create: (key: string, value: string) => InvoiceMetadataEntry,
): { ok: true; metadata: InvoiceMetadataEntry[] } | { ok: false; errors: MetadataErrors } {
  const current = stored.map((entry) => ({ ...entry }));
  const kept = new Set<string>();
  for (const input of inputs) {
    const existing = input.id === null ? undefined : current.find((entry) => entry.lago_id === input.id);
    const errors: MetadataErrors = {};
    const key = input.key ?? '';
    const value = input.value ?? '';
    if (key.trim() === '') errors.key = ['value_is_mandatory'];
    else if ([...key].length > MAX_INVOICE_METADATA_KEY_LENGTH) errors.key = ['value_is_too_long'];
    else if (current.some((entry) => entry !== existing && entry.key === key)) errors.key = ['value_already_exist'];
    if (value.trim() === '') errors.value = ['value_is_mandatory'];
    if (errors.key || errors.value) return { ok: false, errors };
    if (existing) {
      existing.key = key;
      existing.value = value;
      kept.add(existing.lago_id);
    } else {
      const created = create(key, value);
      current.push(created);
      kept.add(created.lago_id);
    }
  }
  return { ok: true, metadata: current.filter((entry) => kept.has(entry.lago_id)) };
}

/** What the void and dispute rules read. */
export interface InvoiceLifecycle {
  status: InvoiceStatus;
  paymentDisputeLostAt: Date | null;
}

/**
 * `POST /invoices/:id/void` (`Invoices::VoidService`): only a finalized invoice can be voided;
 * anything else is 405 `not_voidable`. Voiding clears `payment_overdue` and the readiness for a
 * provider payment, and the invoice then owes nothing. Payment requests are not touched.
 */
export function voidInvoice(invoice: InvoiceLifecycle, now: Date):
  | { ok: false; code: 'not_voidable' }
  | { ok: true; status: 'voided'; voidedAt: Date; paymentOverdue: false; readyForPaymentProcessing: false } {
  if (invoice.status !== 'finalized') return { ok: false, code: 'not_voidable' };
  return { ok: true, status: 'voided', voidedAt: now, paymentOverdue: false, readyForPaymentProcessing: false };
}

/**
 * `POST /invoices/:id/lose_dispute` (`Invoices::LoseDisputeService`): a finalized or voided invoice
 * records the first time its dispute was lost and is no longer overdue (the sweep skips it from
 * then on); any other status is 405 `not_disputable`.
 */
export function loseInvoiceDispute(invoice: InvoiceLifecycle, now: Date):
  | { ok: false; code: 'not_disputable' }
  | { ok: true; paymentDisputeLostAt: Date; paymentOverdue: false } {
  if (invoice.status !== 'finalized' && invoice.status !== 'voided') return { ok: false, code: 'not_disputable' };
  return { ok: true, paymentDisputeLostAt: invoice.paymentDisputeLostAt ?? now, paymentOverdue: false };
}
