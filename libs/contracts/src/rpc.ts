import type { ErrorCode } from './errors';

/** The organization a request acts for, as resolved by the gateway from the API key. */
/** Lago's billing-entity `document_numbering` schemes; `per_customer` is the default. */
export const DOCUMENT_NUMBERINGS = ['per_customer', 'per_billing_entity'] as const;
/** One of `DOCUMENT_NUMBERINGS`. */
export type DocumentNumberingV1 = (typeof DOCUMENT_NUMBERINGS)[number];

export interface OrganizationContextV1 {
  /** Organization id (uuid). */
  id: string;
  /** Organization name. */
  name: string;
  /** Prefix of customer slugs and document numbers, e.g. `LAG-1A2B`. */
  document_number_prefix: string;
  /** Code of the organization's default billing entity. */
  default_billing_entity_code: string;
  /** How the default billing entity numbers invoices (absent from older gateways: `per_customer`). */
  document_numbering?: DocumentNumberingV1;
}

/**
 * A command or query sent by the gateway to an owning service over Kafka request-reply.
 * Commands are deduplicated by `request_id`: a repeated command returns the stored result.
 */
export interface RpcRequestV1<P = unknown> {
  /** Unique id of the request; the `Idempotency-Key` header when the client sent one. */
  request_id: string;
  /** What to do, e.g. `customers.upsert`. */
  type: string;
  /** The organization of the API key. */
  organization: OrganizationContextV1;
  /** Correlation id propagated to the events the request causes. */
  correlation_id: string;
  /**
   * When the gateway stops waiting (ISO-8601 UTC). The owner drops a request that reaches it
   * later: the client has already been told it failed, so it must change nothing.
   */
  deadline: string;
  /** Type-specific parameters. */
  payload: P;
}

/** A refusal expected by the business rules, mapped to an HTTP status by the gateway. */
export interface RpcErrorV1 {
  /** Error code from `ERROR_CODES`. */
  code: ErrorCode;
  /** Field errors for `validation_errors` (Lago's `error_details`). */
  details?: Record<string, unknown>;
}

/** The reply to an `RpcRequestV1`. */
export type RpcReplyV1<T = unknown> = { ok: true; value: T } | { ok: false; error: RpcErrorV1 };

/** Builds a successful reply. */
export const ok = <T>(value: T): RpcReplyV1<T> => ({ ok: true, value });
/** Builds a refusal. */
export const fail = (code: ErrorCode, details?: Record<string, unknown>): RpcReplyV1<never> =>
  details ? { ok: false, error: { code, details } } : { ok: false, error: { code } };
