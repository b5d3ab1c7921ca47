import type { PaymentProviderType } from '@app/contracts';

/**
 * One interface in front of the three official SDKs (stripe, @adyen/api-library,
 * gocardless-nodejs). Implementations make exactly the calls of spec/payment-providers.md
 * (sections 1.x, 2.x, 3.x and 4) and know nothing of our database: payment-sync's use cases
 * decide what to call and store what comes back.
 */

/** A connection's credentials, opened from the SecretBox. */
export interface ProviderCredentials {
  type: PaymentProviderType;
  /** Stripe: secret_key, webhook_secret; Adyen: api_key, hmac_key; GoCardless: access_token, webhook_secret. */
  secrets: Record<string, string>;
  /** Adyen: merchant_account, live_prefix. */
  settings: Record<string, string>;
  /** The connection's `success_redirect_url`, or null for the provider's default. */
  successRedirectUrl: string | null;
}

/** Where the SDKs send their requests; an absent entry means the real provider. */
export interface ProviderEndpoints {
  /** e.g. `http://127.0.0.1:12111` (Stripe's base path `/v1/` is fixed by the SDK). */
  stripe?: string;
  /** Replaces `https://checkout-test.adyen.com` (keeps the `/vNN/...` path), e.g. `http://127.0.0.1:12111/adyen`. */
  adyen?: string;
  /** Replaces GoCardless's base URL, e.g. `http://127.0.0.1:12111/gocardless`. */
  gocardless?: string;
  /** Timeout of one provider call, in ms (a timed-out call is `unavailable`, so retried). */
  timeoutMs: number;
}

/** The Lago customer as the provider calls need it. */
export interface ProviderCustomerInput {
  /** Lago customer id (uuid): Stripe `metadata[lago_customer_id]`. */
  lagoCustomerId: string;
  /** Lago `external_id`: Stripe `metadata[customer_id]`, Adyen `shopperReference`. */
  externalId: string;
  name: string | null;
  firstname: string | null;
  lastname: string | null;
  /** As stored (possibly a comma-separated list; providers get the first address, stripped). */
  email: string | null;
  phone: string | null;
  address: { line1: string | null; line2: string | null; city: string | null; zipcode: string | null; state: string | null; country: string | null };
  /** The customer's currency or null (Adyen's zero-amount link falls back to `EUR`). */
  currency: string | null;
  /** Stripe payment methods chosen for the customer (`provider_payment_methods`), default `['card']`. */
  paymentMethods: string[];
}

/** What creating the customer at the provider produced. */
export interface CustomerSyncResult {
  /** Stripe `cus_…`, GoCardless `CU…`; null for Adyen (its id arrives with the AUTHORISATION webhook). */
  providerCustomerId: string | null;
  /**
   * A checkout URL to deliver as `customer.checkout_url_generated`, or null: Stripe when a chosen
   * method needs setup (checkout session, mode setup); Adyen: the zero-amount payment link;
   * GoCardless: the billing-request flow's `authorisation_url`.
   */
  checkoutUrl: string | null;
}

/** A charge of a payable (spec 0.3, 1.2, 2.2, 3.2). */
export interface ChargeInput {
  /** Our payment id: the idempotency key is `payment-<paymentId>`. */
  paymentId: string;
  amountCents: number;
  /** ISO code, upper case. */
  currency: string;
  providerCustomerId: string;
  /** Stripe `description`, Adyen `reference` (last 80 characters). */
  reference: string;
  /**
   * Lago's metadata: `lago_customer_id`, `lago_payable_id`, `lago_payable_type`, plus for Stripe
   * `lago_payment_id`, `lago_organization_id` (the Stripe implementation adds the Lago keys it
   * needs from this object; GoCardless keeps at most 3 keys: customer, payable id, payable type).
   */
  metadata: Record<string, string>;
  /** First address, for Adyen's `shopperEmail`. */
  email: string | null;
  /** Customer country (Stripe: India is charged on-session). */
  country: string | null;
  /** Stripe `pm_…` / Adyen stored method id / GoCardless mandate `MD…` already known, if any. */
  paymentMethodId: string | null;
  /** Stripe payment methods chosen for the customer. */
  paymentMethods: string[];
  /** Stripe: an earlier payment of this payable failed with `authentication_required` (charge on-session). */
  onSession: boolean;
}

/** Lago's mapping of a provider status (spec 0.1); statuses outside the lists map to themselves. */
export type PayableStatus = 'pending' | 'processing' | 'succeeded' | 'failed';

/** The provider's answer to a charge. Outages are thrown as `ProviderUnavailableError` instead. */
export interface ChargeResult {
  /** `pi_…`, Adyen pspReference, `PM…`; null when the provider refused before creating one. */
  providerPaymentId: string | null;
  /** The provider's raw status (`succeeded`, `Refused`, `pending_submission`, …; `failed` for a refusal by error). */
  status: string;
  /** Mapped per spec 0.1 (PayableStatus, or the raw status when unmapped). */
  payableStatus: string;
  /** Stripe `next_action` when `requires_action`. */
  nextAction: Record<string, unknown> | null;
  /** Set when the provider refused the charge (card declined, validation, auth, no mandate …). */
  error: { message: string; code: string | null } | null;
  /**
   * True when Lago keeps the payable `pending` despite the failure (Stripe `amount_too_small` and
   * idempotency errors).
   */
  keepPayablePending: boolean;
  /** The method used (Stripe pm, Adyen stored id, GoCardless mandate), to remember for later charges. */
  paymentMethodId: string | null;
}

/** A provider webhook, verified and reduced to what payment-sync acts on. */
export type ProviderWebhookEvent =
  | {
      kind: 'payment';
      /** Unique per provider event (Stripe `evt_…`, GoCardless `EV…`, Adyen `<eventCode>:<pspReference>:<success>`). */
      eventId: string;
      providerPaymentId: string;
      /** Raw status to store (`succeeded`/`failed` for Stripe, GoCardless action, Adyen `Cancelled` …). */
      status: string;
      payableStatus: string;
      /** Lago ids found in the provider object (Stripe metadata, GoCardless event metadata, Adyen `metadata.*`). */
      metadata: Record<string, string>;
      error: { message: string; code: string | null } | null;
    }
  | {
      /** Adyen zero-amount AUTHORISATION: the shopper stored a card (or failed to). */
      kind: 'customer_authorised';
      eventId: string;
      /** `shopperReference` (the Lago external_id). */
      providerCustomerId: string;
      paymentMethodId: string | null;
      success: boolean;
      error: { message: string; code: string | null } | null;
    }
  | {
      /** Stripe `setup_intent.succeeded` / `customer.updated`, GoCardless `mandates created`. */
      kind: 'payment_method_set';
      eventId: string;
      providerCustomerId: string;
      /** Stripe pm, GoCardless mandate id. */
      paymentMethodId: string;
      /** Stripe: `metadata.lago_customer_id` of the customer when known (objects not created by Lago are ignored). */
      lagoCustomerId: string | null;
    }
  | {
      /** GoCardless `mandates cancelled` with origin api; Stripe `payment_method.detached`. */
      kind: 'payment_method_removed';
      eventId: string;
      providerCustomerId: string | null;
      paymentMethodId: string;
    }
  | { kind: 'ignored'; eventId: string; reason: string };

/** The one interface payment-sync calls. */
export interface PaymentProvider {
  readonly type: PaymentProviderType;

  /**
   * Creates the customer at the provider (Stripe customer + checkout session when needed;
   * Adyen zero-amount payment link; GoCardless customer + billing request + flow).
   * `idempotencyKey` is sent where the provider takes one (Stripe: `<lago id>-<updated_at s>`).
   * Refusals (4xx) throw `ProviderRefusedError`; outages throw `ProviderUnavailableError`.
   */
  createCustomer(credentials: ProviderCredentials, customer: ProviderCustomerInput, idempotencyKey: string): Promise<CustomerSyncResult>;

  /** A checkout URL for a customer whose provider id was given (Lago's `generate_checkout_url`); null when none applies. */
  checkoutUrl(credentials: ProviderCredentials, customer: ProviderCustomerInput, providerCustomerId: string): Promise<string | null>;

  /** Charges with idempotency key `payment-<paymentId>`. Outages throw `ProviderUnavailableError`. */
  charge(credentials: ProviderCredentials, input: ChargeInput): Promise<ChargeResult>;

  /**
   * Verifies the signature with the SDK's own verifier (Stripe `webhooks.constructEvent` with 300 s
   * tolerance; Adyen `hmacValidator` on every notification item; GoCardless `webhooks.parse`) and
   * reduces the events. Throws `InvalidWebhookSignatureError` for a missing secret, bad signature
   * or unparseable body. May call the provider (GoCardless `GET /mandates/:id`; Stripe
   * `GET /v1/payment_methods/:pm` and `POST /v1/customers/:id` for `setup_intent.succeeded`).
   */
  parseWebhook(credentials: ProviderCredentials, rawBody: Buffer, headers: Record<string, string>): Promise<ProviderWebhookEvent[]>;
}

/** The provider refused (4xx other than rate limit): not retried. */
export class ProviderRefusedError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly httpStatus: number | null,
  ) {
    super(message);
    this.name = 'ProviderRefusedError';
  }
}

/** The provider could not be reached, timed out, answered 5xx or 429: retried with backoff. */
export class ProviderUnavailableError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null,
  ) {
    super(message);
    this.name = 'ProviderUnavailableError';
  }
}

/** The webhook's signature (or body) did not verify: 400, nothing changes. */
export class InvalidWebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWebhookSignatureError';
  }
}

/** Lago's status mapping (spec 0.1). */
export const PROVIDER_STATUS_MAP: Record<PaymentProviderType, Record<'processing' | 'succeeded' | 'failed', readonly string[]>> = {
  stripe: {
    processing: ['processing', 'requires_capture', 'requires_action', 'requires_confirmation'],
    succeeded: ['succeeded'],
    failed: ['canceled', 'requires_payment_method'],
  },
  adyen: {
    processing: ['AuthorisedPending', 'Received'],
    succeeded: ['Authorised', 'SentForSettle', 'SettleScheduled', 'Settled', 'Refunded'],
    failed: ['Cancelled', 'CaptureFailed', 'Error', 'Expired', 'Refused'],
  },
  gocardless: {
    processing: ['pending_customer_approval', 'pending_submission', 'submitted', 'confirmed'],
    succeeded: ['paid_out'],
    failed: ['cancelled', 'customer_approval_denied', 'failed', 'charged_back'],
  },
};

/** `determine_payment_status`: the mapped status, or the raw one when no list has it. */
export function payableStatusOf(type: PaymentProviderType, status: string): string {
  const lists = PROVIDER_STATUS_MAP[type];
  for (const mapped of ['processing', 'succeeded', 'failed'] as const) if (lists[mapped].includes(status)) return mapped;
  return status;
}
