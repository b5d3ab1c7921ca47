import Stripe from 'stripe';
import {
  type ChargeInput,
  type ChargeResult,
  type CustomerSyncResult,
  InvalidWebhookSignatureError,
  type PaymentProvider,
  payableStatusOf,
  type ProviderCredentials,
  type ProviderCustomerInput,
  type ProviderEndpoints,
  type ProviderWebhookEvent,
  ProviderRefusedError,
} from './payment-provider';
import { type ClassifiedFailure, redactSecrets, refusedCharge, toProviderError } from './provider-errors';
import { displayName, firstEmail, headerValue, present, stringEntries, withoutBlanks } from './provider-input';

/** Lago's pinned Stripe API version (`STRIPE_API_VERSION` default); the SDK's own default is newer. */
export const STRIPE_API_VERSION = '2025-04-30.basil';
/** Lago's `success_redirect_url` fallback for Stripe (checkout `success_url`, payment intent `return_url`). */
export const STRIPE_DEFAULT_SUCCESS_URL = 'https://stripe.com/';
/** Stripe payment methods that need a setup step (checkout session, mode setup): Lago's `StripeCustomer`. */
export const STRIPE_SETUP_METHODS: readonly string[] = ['card', 'sepa_debit', 'us_bank_account', 'bacs_debit', 'link', 'boleto'];
/** Tolerance of `constructEvent`, in seconds (Lago's `verify_header(..., tolerance: 300)`). */
const WEBHOOK_TOLERANCE_S = 300;
/** Clients kept per secret key; beyond this the oldest is dropped. */
const MAX_CACHED_CLIENTS = 100;

/** The chosen methods that need a checkout session (kept in the customer's order). */
export function stripeSetupMethods(methods: readonly string[]): string[] {
  return methods.filter((method) => STRIPE_SETUP_METHODS.includes(method));
}

/**
 * Stripe's `off_session` / `error_on_requires_action` (spec 1.2 step 4): true for a normal
 * merchant-initiated charge, false for Indian customers, left out entirely when an earlier attempt
 * needed authentication (so 3DS surfaces as `requires_action`).
 */
export function stripeSessionFlags(input: Pick<ChargeInput, 'country' | 'onSession'>): { off_session?: boolean; error_on_requires_action?: boolean } {
  if (input.onSession) return {};
  const offSession = input.country?.toUpperCase() !== 'IN';
  return { off_session: offSession, error_on_requires_action: offSession };
}

/** `host`/`port`/`protocol` of the Stripe config for a stand-in URL (the SDK's `/v1/` base path is fixed). */
export function stripeHostOptions(url: string): { host: string; port: number; protocol: Stripe.HttpProtocol } {
  const parsed = new URL(url);
  if (parsed.pathname !== '/' && parsed.pathname !== '') throw new Error(`Stripe endpoint must not have a path (the SDK's /v1/ is fixed): ${parsed.origin}${parsed.pathname}`);
  const protocol = parsed.protocol === 'http:' ? 'http' : 'https';
  const port = parsed.port === '' ? (protocol === 'http' ? 80 : 443) : Number(parsed.port);
  return { host: parsed.hostname, port, protocol };
}

/** The id of an expandable Stripe field (string id or expanded object). */
function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value == null) return null;
  return typeof value === 'string' ? value : value.id;
}

/** Sorts a Stripe SDK error (spec 4.1 table); anything that is not a `StripeError` is returned as null. */
export function classifyStripeError(error: unknown): ClassifiedFailure | null {
  const { errors } = Stripe;
  if (!(error instanceof errors.StripeError)) return null;
  const code = error.code ?? null;
  const httpStatus = error.statusCode ?? null;
  if (
    error instanceof errors.StripeCardError ||
    error instanceof errors.StripeInvalidRequestError ||
    error instanceof errors.StripeIdempotencyError ||
    error instanceof errors.StripeAuthenticationError ||
    error instanceof errors.StripePermissionError
  ) {
    return { kind: 'refused', message: error.message, code, httpStatus };
  }
  // RateLimit, Connection (network, timeout) and APIError (5xx and anything unexpected): Lago's job
  // retries these with the same idempotency key.
  return { kind: 'unavailable', message: `Stripe unavailable: ${error.message}`, code, httpStatus };
}

/**
 * `PaymentProvider` over the official `stripe` SDK (spec 1 and 4.1). One client per secret key,
 * pinned to Lago's API version, without SDK retries (the job retries) and with the configured timeout.
 */
export class StripeProvider implements PaymentProvider {
  readonly type = 'stripe' as const;
  private readonly clients = new Map<string, Stripe>();

  constructor(private readonly endpoints: ProviderEndpoints) {}

  /** `POST /v1/customers` (falling back to `GET /v1/customers?email=` on an idempotency error), then the checkout session when needed. */
  async createCustomer(credentials: ProviderCredentials, customer: ProviderCustomerInput, idempotencyKey: string): Promise<CustomerSyncResult> {
    const stripe = this.client(credentials);
    const email = firstEmail(customer.email);
    const address = withoutBlanks({
      city: customer.address.city,
      country: customer.address.country,
      line1: customer.address.line1,
      line2: customer.address.line2,
      postal_code: customer.address.zipcode,
      state: customer.address.state,
    });
    const params: Stripe.CustomerCreateParams = {
      ...(Object.keys(address).length > 0 ? { address } : {}),
      ...withoutBlanks({ email, name: displayName(customer), phone: customer.phone }),
      metadata: { lago_customer_id: customer.lagoCustomerId, customer_id: customer.externalId },
    };
    let providerCustomerId: string;
    try {
      providerCustomerId = (await stripe.customers.create(params, { idempotencyKey })).id;
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeIdempotencyError)) throw this.providerError(error, credentials);
      providerCustomerId = await this.existingCustomerId(stripe, credentials, email, error);
    }
    const checkoutUrl = await this.setupSession(stripe, credentials, customer, providerCustomerId).catch((error: unknown) => {
      if (error instanceof ProviderRefusedError) return null; // the customer exists; only the link was refused
      throw error;
    });
    return { providerCustomerId, checkoutUrl };
  }

  /** `POST /v1/checkout/sessions` (mode setup) when a chosen method needs setup, else null. Refusals throw `ProviderRefusedError`. */
  async checkoutUrl(credentials: ProviderCredentials, customer: ProviderCustomerInput, providerCustomerId: string): Promise<string | null> {
    return this.setupSession(this.client(credentials), credentials, customer, providerCustomerId);
  }

  /** Spec 1.2: read the customer, choose the payment method, create and confirm the payment intent. */
  async charge(credentials: ProviderCredentials, input: ChargeInput): Promise<ChargeResult> {
    let paymentMethodId: string | null = null;
    try {
      const stripe = this.client(credentials);
      paymentMethodId = await this.choosePaymentMethod(stripe, input);
      const methods = input.paymentMethods.length > 0 ? input.paymentMethods : ['card'];
      // `payment_method_types` is Lago's parameter on its pinned API version; the SDK's typings
      // (written for a newer version) no longer list it.
      const params: Stripe.PaymentIntentCreateParams & { payment_method_types: string[] } = {
        amount: input.amountCents,
        currency: input.currency.toLowerCase(),
        customer: input.providerCustomerId,
        payment_method_types: methods,
        ...(paymentMethodId ? { payment_method: paymentMethodId } : {}),
        confirm: true,
        ...stripeSessionFlags(input),
        return_url: credentials.successRedirectUrl ?? STRIPE_DEFAULT_SUCCESS_URL,
        description: input.reference,
        metadata: { ...input.metadata, lago_payment_id: input.paymentId },
      };
      const intent = await stripe.paymentIntents.create(params, { idempotencyKey: `payment-${input.paymentId}` });
      return {
        providerPaymentId: intent.id,
        status: intent.status,
        payableStatus: payableStatusOf('stripe', intent.status),
        nextAction: intent.status === 'requires_action' && intent.next_action ? { ...intent.next_action } : null,
        error: null,
        keepPayablePending: false,
        paymentMethodId: idOf(intent.payment_method) ?? paymentMethodId,
      };
    } catch (error) {
      if (error instanceof ProviderRefusedError) return refusedCharge(error, paymentMethodId);
      const failure = classifyStripeError(error);
      if (!failure) throw error;
      if (failure.kind === 'unavailable') throw toProviderError(failure, credentials.secrets);
      const stripeError = error as Stripe.errors.StripeError;
      return refusedCharge({ message: redactSecrets(stripeError.message, credentials.secrets), code: failure.code }, paymentMethodId, {
        providerPaymentId: stripeError.payment_intent?.id ?? null,
        keepPayablePending: error instanceof Stripe.errors.StripeIdempotencyError || failure.code === 'amount_too_small',
      });
    }
  }

  /** Spec 1.3: `webhooks.constructEvent` with 300 s tolerance, then the events payment-sync acts on. */
  async parseWebhook(credentials: ProviderCredentials, rawBody: Buffer, headers: Record<string, string>): Promise<ProviderWebhookEvent[]> {
    const secret = credentials.secrets.webhook_secret;
    const signature = headerValue(headers, 'stripe-signature');
    if (!present(secret)) throw new InvalidWebhookSignatureError('Stripe connection has no webhook secret');
    if (!signature) throw new InvalidWebhookSignatureError('Stripe-Signature header missing');
    let event: Stripe.Event;
    try {
      event = Stripe.webhooks.constructEvent(rawBody, signature, secret, WEBHOOK_TOLERANCE_S);
    } catch {
      throw new InvalidWebhookSignatureError('Stripe webhook signature did not verify');
    }
    return [await this.reduceEvent(credentials, event)];
  }

  private async reduceEvent(credentials: ProviderCredentials, event: Stripe.Event): Promise<ProviderWebhookEvent> {
    const eventId = event.id;
    switch (event.type) {
      case 'payment_intent.succeeded':
        return paymentEvent(eventId, event.data.object, 'succeeded');
      case 'payment_intent.payment_failed':
      case 'payment_intent.canceled':
        return paymentEvent(eventId, event.data.object, 'failed');
      case 'setup_intent.succeeded':
        return this.setupIntentSucceeded(credentials, eventId, idOf(event.data.object.payment_method));
      case 'customer.updated': {
        const customer = event.data.object;
        const paymentMethodId = idOf(customer.invoice_settings?.default_payment_method) ?? idOf(customer.default_source);
        if (!paymentMethodId) return { kind: 'ignored', eventId, reason: 'customer has no default payment method' };
        return { kind: 'payment_method_set', eventId, providerCustomerId: customer.id, paymentMethodId, lagoCustomerId: stringEntries(customer.metadata).lago_customer_id ?? null };
      }
      case 'payment_method.detached': {
        const previous = event.data.previous_attributes as { customer?: unknown } | undefined;
        const providerCustomerId = typeof previous?.customer === 'string' ? previous.customer : null;
        return { kind: 'payment_method_removed', eventId, providerCustomerId, paymentMethodId: event.data.object.id };
      }
      default:
        return { kind: 'ignored', eventId, reason: `unhandled event type ${event.type}` };
    }
  }

  /** `GET /v1/payment_methods/:pm` (must belong to a customer), then make it the customer's default. */
  private async setupIntentSucceeded(credentials: ProviderCredentials, eventId: string, paymentMethodId: string | null): Promise<ProviderWebhookEvent> {
    if (!paymentMethodId) return { kind: 'ignored', eventId, reason: 'setup intent has no payment method' };
    const stripe = this.client(credentials);
    try {
      const paymentMethod = await stripe.paymentMethods.retrieve(paymentMethodId);
      const providerCustomerId = idOf(paymentMethod.customer);
      if (!providerCustomerId) return { kind: 'ignored', eventId, reason: 'payment method is not attached to a customer' };
      const customer = await stripe.customers.update(providerCustomerId, { invoice_settings: { default_payment_method: paymentMethodId } });
      const lagoCustomerId = stringEntries(customer.metadata).lago_customer_id ?? null;
      return { kind: 'payment_method_set', eventId, providerCustomerId, paymentMethodId, lagoCustomerId };
    } catch (error) {
      const failure = classifyStripeError(error);
      if (failure?.kind === 'refused') return { kind: 'ignored', eventId, reason: `Stripe refused: ${redactSecrets(failure.message, credentials.secrets)}` };
      throw failure ? toProviderError(failure, credentials.secrets) : error;
    }
  }

  /**
   * The method to charge: the known one (ours, else the customer's Stripe default) if
   * `GET /v1/customers/:cus/payment_methods/:pm` still finds it, else the first of the customer's methods.
   */
  private async choosePaymentMethod(stripe: Stripe, input: ChargeInput): Promise<string | null> {
    const customer = await stripe.customers.retrieve(input.providerCustomerId);
    const stripeDefault = customer.deleted ? null : (idOf(customer.invoice_settings?.default_payment_method) ?? idOf(customer.default_source));
    const known = input.paymentMethodId ?? stripeDefault;
    if (known) {
      try {
        return (await stripe.customers.retrievePaymentMethod(input.providerCustomerId, known)).id;
      } catch (error) {
        if (classifyStripeError(error)?.kind !== 'refused') throw error; // a 4xx drops the method; outages propagate
      }
    }
    const listed = await stripe.customers.listPaymentMethods(input.providerCustomerId);
    return listed.data[0]?.id ?? null;
  }

  /** `POST /v1/checkout/sessions` in setup mode for the chosen methods that need it; null when none does. */
  private async setupSession(stripe: Stripe, credentials: ProviderCredentials, customer: ProviderCustomerInput, providerCustomerId: string): Promise<string | null> {
    const methods = stripeSetupMethods(customer.paymentMethods.length > 0 ? customer.paymentMethods : ['card']);
    if (methods.length === 0) return null;
    // `payment_method_types` exists on Lago's pinned API version but not in the SDK's newer typings.
    const params: Stripe.Checkout.SessionCreateParams & { payment_method_types: string[] } = {
      mode: 'setup',
      success_url: credentials.successRedirectUrl ?? STRIPE_DEFAULT_SUCCESS_URL,
      payment_method_types: methods,
      customer: providerCustomerId,
    };
    try {
      return (await stripe.checkout.sessions.create(params)).url ?? null;
    } catch (error) {
      throw this.providerError(error, credentials);
    }
  }

  /** Spec 1.1: on an idempotency clash, the one customer with this email, else the clash is a refusal. */
  private async existingCustomerId(stripe: Stripe, credentials: ProviderCredentials, email: string | null, clash: Stripe.errors.StripeError): Promise<string> {
    if (email) {
      let found: Stripe.Customer[];
      try {
        found = (await stripe.customers.list({ email })).data;
      } catch (error) {
        throw this.providerError(error, credentials);
      }
      if (found.length === 1 && found[0]) return found[0].id;
    }
    throw new ProviderRefusedError(redactSecrets(clash.message, credentials.secrets), clash.code ?? 'idempotency_error', clash.statusCode ?? null);
  }

  /** A Stripe error as `ProviderRefusedError`/`ProviderUnavailableError`; anything else unchanged. */
  private providerError(error: unknown, credentials: ProviderCredentials): unknown {
    const failure = classifyStripeError(error);
    return failure ? toProviderError(failure, credentials.secrets) : error;
  }

  /** The client for the connection's secret key (cached; the key itself is never logged). */
  private client(credentials: ProviderCredentials): Stripe {
    const key = credentials.secrets.secret_key;
    if (!present(key)) throw new ProviderRefusedError('Stripe connection has no secret key', 'missing_secret_key', null);
    const cached = this.clients.get(key);
    if (cached) return cached;
    const client = new Stripe(key, {
      // The SDK types only accept its latest version; Lago pins an older one on purpose.
      apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
      maxNetworkRetries: 0,
      telemetry: false,
      timeout: this.endpoints.timeoutMs,
      ...(this.endpoints.stripe ? stripeHostOptions(this.endpoints.stripe) : {}),
    });
    if (this.clients.size >= MAX_CACHED_CLIENTS) this.clients.delete(this.clients.keys().next().value as string);
    this.clients.set(key, client);
    return client;
  }
}

/** A `payment_intent.*` webhook as a payment event (Lago writes its own `succeeded`/`failed`). */
function paymentEvent(eventId: string, intent: Stripe.PaymentIntent, status: 'succeeded' | 'failed'): ProviderWebhookEvent {
  const lastError = intent.last_payment_error;
  return {
    kind: 'payment',
    eventId,
    providerPaymentId: intent.id,
    status,
    payableStatus: payableStatusOf('stripe', status),
    metadata: stringEntries(intent.metadata),
    error: status === 'failed' && lastError ? { message: lastError.message ?? '', code: lastError.code ?? null } : null,
  };
}
