import type { AdyenKinds, AdyenNotificationItem } from './adyen/adyen-types';
import type { FormObject } from './core/form-decode';
import type { GoCardlessEvent, GoCardlessKinds } from './gocardless/gocardless-types';
import type { StripeCard, StripeKinds } from './stripe/stripe-types';

/** The three stood-in providers. */
export type ProviderName = 'stripe' | 'adyen' | 'gocardless';

/** The providers, in a fixed order (for validation and iteration). */
export const PROVIDER_NAMES: readonly ProviderName[] = ['stripe', 'adyen', 'gocardless'];

/** One provider request as the stand-in saw it. */
export interface JournalEntry {
  provider: ProviderName;
  /** Upper-case HTTP method. */
  method: string;
  /** The request path as received, without the query (e.g. `/v1/customers`, `/adyen/v72/payments`, `/gocardless/payments`). */
  path: string;
  /** The decoded query string (Stripe bracket notation is nested). */
  query: FormObject;
  /** Request headers, names lower-cased. */
  headers: Record<string, string>;
  /** The decoded body: an object for Stripe forms and JSON bodies; the raw text when JSON was malformed. */
  body: unknown;
  /** The HTTP status answered; null when the socket was reset by a fault. */
  status: number | null;
  /** ISO 8601 arrival time. */
  at: string;
}

/**
 * Selects journal entries or fault targets. `pathPrefix` matches the full path (`/adyen/v72/payments`),
 * the path below the provider prefix (`/v72/payments`, `/payments` for GoCardless) and that path
 * without its API version (`/payments` for Adyen, `/customers` for Stripe's `/v1/customers`).
 */
export interface RequestFilter {
  provider?: ProviderName;
  /** Case-insensitive HTTP method. */
  method?: string;
  pathPrefix?: string;
}

/** What a fault does to a matching request. */
export type FaultKind = 'status' | 'reset' | 'hang';

/** A failure to inject into the next `times` provider requests matching the filter. */
export interface FaultSpec extends RequestFilter {
  provider: ProviderName;
  /**
   * `status`: answer `status` with the provider's error body, without processing the request;
   * `reset`: destroy the socket without answering (nothing processed);
   * `hang`: process the request normally (objects created, idempotent result stored) but hold the
   * response back for `hangMs` — a lost response.
   */
  kind: FaultKind;
  /** The HTTP status of a `status` fault (e.g. 500, 429, 401, 503). */
  status?: number;
  /** How many matching requests the fault hits; default 1. */
  times?: number;
  /** Delay of a `hang` fault in ms; default 5000. */
  hangMs?: number;
}

/** Payment-intent outcomes of `POST /v1/payment_intents`, chosen per Stripe customer (default `succeeded`). */
export type StripeOutcome = 'succeeded' | 'processing' | 'requires_action' | 'declined' | 'authentication_required' | 'amount_too_small';
/** `resultCode`s of `POST /vNN/payments`, chosen per shopperReference (default `Authorised`). */
export type AdyenOutcome = 'Authorised' | 'Refused' | 'Received' | 'AuthorisedPending' | 'Error' | 'Cancelled';
/** Outcomes of GoCardless `POST /payments`, chosen per GoCardless customer (default `pending_submission`). */
export type GoCardlessOutcome = 'pending_submission' | 'validation_failed';

/** The outcome type of each provider's scenarios. */
export interface ScenarioOutcomes {
  stripe: StripeOutcome;
  adyen: AdyenOutcome;
  gocardless: GoCardlessOutcome;
}

/** Every valid scenario outcome per provider (for validation). */
export const SCENARIO_OUTCOMES: { readonly [P in ProviderName]: readonly ScenarioOutcomes[P][] } = {
  stripe: ['succeeded', 'processing', 'requires_action', 'declined', 'authentication_required', 'amount_too_small'],
  adyen: ['Authorised', 'Refused', 'Received', 'AuthorisedPending', 'Error', 'Cancelled'],
  gocardless: ['pending_submission', 'validation_failed'],
};

/** The object kinds each provider's stand-in keeps (see `ProviderStubs.created`). */
export interface CreatedKinds {
  stripe: StripeKinds;
  adyen: AdyenKinds;
  gocardless: GoCardlessKinds;
}

/** A webhook the stand-in posted, and the receiver's answer. */
export interface WebhookDelivery {
  /** The receiver's HTTP status. */
  status: number;
  /** The receiver's response body. */
  body: string;
  /** Exactly what was sent, so a test can replay it. */
  sent: { url: string; headers: Record<string, string>; body: string };
}

/** Arguments of `stripeEvent`. */
export interface StripeEventArgs {
  url: string;
  /** The endpoint's signing secret, `whsec_…` included. */
  secret: string;
  type: string;
  object: Record<string, unknown>;
}

/** Arguments of `completeStripePaymentIntent`. */
export interface CompleteStripePaymentIntentArgs {
  url: string;
  secret: string;
  paymentIntentId: string;
  outcome: 'succeeded' | 'payment_failed' | 'canceled';
}

/** Arguments of `completeStripeSetup`. */
export interface CompleteStripeSetupArgs {
  url: string;
  secret: string;
  customerId: string;
  /** Card details of the new payment method; defaults to the Visa 4242 test card. */
  card?: Partial<StripeCard>;
}

/** Arguments of `adyenNotify`; `item.additionalData.hmacSignature` is computed by the stand-in. */
export interface AdyenNotifyArgs {
  url: string;
  /** The hex HMAC key. */
  hmacKey: string;
  item: AdyenNotificationItem;
}

/** Arguments of `completeAdyenPaymentLink`. */
export interface CompleteAdyenPaymentLinkArgs {
  url: string;
  hmacKey: string;
  paymentLinkId: string;
  /** Default true; false sends `success: "false"`, reason `Refused`, and stores no card. */
  success?: boolean;
}

/** An event to send with `gocardlessEvents`; `id`, `created_at`, `details`, `metadata` and `resource_metadata` are filled in when absent. */
export type GoCardlessEventInput = Partial<GoCardlessEvent> & Pick<GoCardlessEvent, 'resource_type' | 'action'>;

/** Arguments of `gocardlessEvents`. */
export interface GoCardlessEventsArgs {
  url: string;
  /** The webhook endpoint secret. */
  secret: string;
  events: GoCardlessEventInput[];
}

/** Arguments of `completeGoCardlessFlow`. */
export interface CompleteGoCardlessFlowArgs {
  url: string;
  secret: string;
  billingRequestFlowId: string;
}

/** Payment actions `gocardlessPaymentAction` can report (the new payment status has the same name). */
export type GoCardlessPaymentAction = 'paid_out' | 'failed' | 'cancelled' | 'customer_approval_denied' | 'charged_back' | 'confirmed';

/** Arguments of `gocardlessPaymentAction`. */
export interface GoCardlessPaymentActionArgs {
  url: string;
  secret: string;
  paymentId: string;
  action: GoCardlessPaymentAction;
  cause?: string;
  description?: string;
}

/** The control operations, offered in-process by `ProviderStubs` and over HTTP under `/__stub/`. */
export interface ProviderStubControl {
  /** Forgets every object, idempotency entry, fault, scenario and journal entry. */
  reset(): void;
  /** Queues a fault (see `FaultSpec`). */
  addFault(fault: FaultSpec): void;
  /** Drops every queued fault. */
  clearFaults(): void;
  /** Provider requests seen so far, oldest first, optionally filtered. */
  journal(filter?: RequestFilter): JournalEntry[];
  /** Objects of one kind created so far (copies, oldest first), e.g. `created('stripe', 'payment_intents')`. */
  created<P extends ProviderName, K extends keyof CreatedKinds[P]>(provider: P, kind: K): Array<CreatedKinds[P][K]>;
  /** Chooses the outcome of later payments of a provider customer (Stripe `cus_…`, Adyen shopperReference, GoCardless `CU…`). */
  setScenario<P extends ProviderName>(provider: P, providerCustomerId: string, outcome: ScenarioOutcomes[P]): void;
  /** Sends a signed Stripe event wrapping `object`. */
  stripeEvent(args: StripeEventArgs): Promise<WebhookDelivery>;
  /** Moves a stored payment intent to its final state and sends `payment_intent.<outcome>`. */
  completeStripePaymentIntent(args: CompleteStripePaymentIntentArgs): Promise<WebhookDelivery>;
  /** Attaches a new card to the customer and sends `setup_intent.succeeded`. */
  completeStripeSetup(args: CompleteStripeSetupArgs): Promise<WebhookDelivery>;
  /** Signs and posts one Adyen notification item. */
  adyenNotify(args: AdyenNotifyArgs): Promise<WebhookDelivery>;
  /** Completes a payment link (stores a card for its shopper) and sends its AUTHORISATION. */
  completeAdyenPaymentLink(args: CompleteAdyenPaymentLinkArgs): Promise<WebhookDelivery>;
  /** Posts a signed batch of GoCardless events. */
  gocardlessEvents(args: GoCardlessEventsArgs): Promise<WebhookDelivery>;
  /** Creates an active Bacs mandate for the flow's customer and sends `mandates`/`created`. */
  completeGoCardlessFlow(args: CompleteGoCardlessFlowArgs): Promise<WebhookDelivery>;
  /** Moves a stored payment to `action` and sends the `payments` event. */
  gocardlessPaymentAction(args: GoCardlessPaymentActionArgs): Promise<WebhookDelivery>;
}

/** Base URLs to give the SDK adapters. */
export interface ProviderStubEndpoints {
  /** Stripe host root (the SDK adds `/v1/`). */
  stripe: string;
  /** Replaces `https://checkout-test.adyen.com`. */
  adyen: string;
  /** Replaces GoCardless's base URL. */
  gocardless: string;
}

/** A running stand-in server. */
export interface ProviderStubs extends ProviderStubControl {
  /** e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  readonly endpoints: ProviderStubEndpoints;
  /** Stops listening, drops open connections and pending hung responses. */
  close(): Promise<void>;
}

/** Options of `startProviderStubs`. */
export interface ProviderStubsOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
}
