/**
 * Every error code a service may return to the gateway. The gateway maps each to an HTTP
 * status in one table that the compiler checks for completeness.
 */
export const ERROR_CODES = [
  'validation_errors',
  'customer_not_found',
  'tax_not_found',
  'billing_entity_not_found',
  'invoice_not_found',
  'payment_provider_not_found',
  'add_on_not_found',
  'fees_not_found',
  'payment_request_not_found',
  'payment_not_found',
  'credit_note_not_found',
  'fee_not_found',
  'update_on_voided_invoice',
  'payment_status_update_on_draft_invoice',
  'invoices_not_overdue',
  'invoices_have_different_currencies',
  'invoices_have_different_billing_entities',
  'invoices_not_ready_for_payment_processing',
  'metadata_on_draft_invoice',
  'not_voidable',
  'not_disputable',
  'feature_unavailable',
  'no_voidable_amount',
  'invalid_type_or_status',
  'resource_not_found',
  'webhook_endpoint_not_found',
  'webhook_not_found',
  'external_id_taken',
  'external_id_immutable',
  'bad_request',
  'service_unavailable',
  'internal_error',
] as const;

/** One of `ERROR_CODES`. */
export type ErrorCode = (typeof ERROR_CODES)[number];
