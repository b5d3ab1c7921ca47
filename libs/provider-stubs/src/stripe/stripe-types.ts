/** Stripe objects as the stand-in stores and serves them (the subset Lago and the SDK read). */

/** `card` of a card payment method. */
export interface StripeCard {
  last4: string;
  brand: string;
  display_brand: string;
  exp_month: number;
  exp_year: number;
}

/** `address` of a customer. */
export interface StripeAddress {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}

/** A customer (`cus_…`). */
export interface StripeCustomer {
  id: string;
  object: 'customer';
  created: number;
  livemode: false;
  email: string | null;
  name: string | null;
  phone: string | null;
  description: string | null;
  address: StripeAddress | null;
  metadata: Record<string, string>;
  invoice_settings: { default_payment_method: string | null };
  default_source: string | null;
  /** Set by `DELETE /v1/customers/:id`; a deleted customer is served as `{id, object, deleted: true}`. */
  deleted?: true;
}

/** A payment method (`pm_…`). */
export interface StripePaymentMethod {
  id: string;
  object: 'payment_method';
  type: string;
  created: number;
  livemode: false;
  customer: string | null;
  card: StripeCard | null;
  metadata: Record<string, string>;
}

/** `last_payment_error` of a payment intent. */
export interface StripeLastPaymentError {
  type: string;
  code: string;
  decline_code?: string;
  message: string;
}

/** A payment intent (`pi_…`). */
export interface StripePaymentIntent {
  id: string;
  object: 'payment_intent';
  created: number;
  livemode: false;
  status: string;
  amount: number;
  amount_received: number;
  currency: string;
  customer: string | null;
  payment_method: string | null;
  payment_method_types: string[];
  description: string | null;
  metadata: Record<string, string>;
  next_action: { type: 'redirect_to_url'; redirect_to_url: { url: string; return_url: string | null } } | null;
  last_payment_error: StripeLastPaymentError | null;
  canceled_at: number | null;
  confirm: boolean;
  off_session: boolean | null;
}

/** A checkout session (`cs_…`). */
export interface StripeCheckoutSession {
  id: string;
  object: 'checkout.session';
  created: number;
  livemode: false;
  mode: string;
  status: 'open' | 'expired' | 'complete';
  url: string | null;
  customer: string | null;
  success_url: string | null;
  payment_method_types: string[];
  metadata: Record<string, string>;
  expires_at: number;
  /** The decoded request body (line items, payment_intent_data, consent collection…), for assertions. */
  request: Record<string, unknown>;
}

/** A webhook endpoint (`we_…`); `secret` is returned by creation only. */
export interface StripeWebhookEndpoint {
  id: string;
  object: 'webhook_endpoint';
  created: number;
  livemode: false;
  url: string;
  enabled_events: string[];
  api_version: string | null;
  status: 'enabled' | 'disabled';
  secret: string;
}

/** A setup intent (`seti_…`), created by the `completeStripeSetup` control operation. */
export interface StripeSetupIntent {
  id: string;
  object: 'setup_intent';
  created: number;
  customer: string;
  payment_method: string;
  status: 'succeeded';
}

/** The kinds the Stripe stand-in keeps, by name (see `ProviderStubs.created`). */
export interface StripeKinds {
  customers: StripeCustomer;
  payment_methods: StripePaymentMethod;
  payment_intents: StripePaymentIntent;
  checkout_sessions: StripeCheckoutSession;
  webhook_endpoints: StripeWebhookEndpoint;
  setup_intents: StripeSetupIntent;
}
