// `parse` is the SDK's `gocardless-nodejs/webhooks` verifier, imported through the package root:
// the repo's `moduleResolution: node` cannot resolve the package's `exports` sub-paths.
import gocardless, { ApiError, Environments, type GoCardlessClient, MalformedResponseError, parse, type Event as GoCardlessEvent } from 'gocardless-nodejs';
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
  ProviderRefusedError,
  ProviderUnavailableError,
  type ProviderWebhookEvent,
} from './payment-provider';
import { type ClassifiedFailure, isNetworkError, isOutageStatus, messageOf, refusedCharge, toProviderError, withTimeout } from './provider-errors';
import { firstEmail, headerValue, isRecord, present, stringEntries, withoutBlanks } from './provider-input';

type PaymentCreateParams = Parameters<GoCardlessClient['payments']['create']>[0];

/** Lago's `success_redirect_url` fallback for GoCardless (flow `redirect_uri` and `exit_uri`). */
export const GOCARDLESS_DEFAULT_REDIRECT_URL = 'https://gocardless.com/';
/** Mandate statuses Lago charges against (spec 3.2). */
const CHARGEABLE_MANDATE_STATUSES = ['pending_customer_approval', 'pending_submission', 'submitted', 'active'] as const;
/** GoCardless allows 3 metadata keys; Lago sends these for a payment request. */
const PAYMENT_METADATA_KEYS = ['lago_customer_id', 'lago_payable_id', 'lago_payable_type'] as const;
/** Payment actions Lago acts on (`confirmed`, `submitted`, `created` are ignored). */
const PAYMENT_ACTIONS = new Set(['paid_out', 'failed', 'cancelled', 'customer_approval_denied', 'charged_back']);

/** The charge's metadata cut to the three keys GoCardless takes (absent keys left out). */
export function goCardlessPaymentMetadata(metadata: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of PAYMENT_METADATA_KEYS) if (present(metadata[key])) out[key] = metadata[key];
  return out;
}

/** The HTTP status of an API error: the response's, else the body's `code`, else 500. */
function goCardlessStatus(error: ApiError): number {
  for (const candidate of [(error.response as { statusCode?: unknown } | undefined)?.statusCode, error.code]) {
    const status = Number(candidate);
    if (Number.isInteger(status) && status >= 100) return status;
  }
  return 500;
}

/** Sorts what the GoCardless SDK threw; null for anything else (a bug, left as is). */
export function classifyGoCardlessError(error: unknown): ClassifiedFailure | null {
  if (error instanceof ProviderUnavailableError) return { kind: 'unavailable', message: error.message, code: null, httpStatus: error.httpStatus };
  if (error instanceof ApiError) {
    const status = goCardlessStatus(error);
    // RateLimitError (429), GoCardlessInternalError (type `gocardless`, 5xx) are outages; the other
    // API errors (validation_failed, invalid_api_usage, invalid_state, 401, 403) are refusals.
    if (isOutageStatus(status) || error.errorType === 'gocardless') return { kind: 'unavailable', message: `GoCardless unavailable: HTTP ${status}`, code: error.errorType ?? null, httpStatus: status };
    return { kind: 'refused', message: error.toString(), code: error.errorType ?? null, httpStatus: status };
  }
  if (error instanceof MalformedResponseError) return { kind: 'unavailable', message: 'GoCardless answered with malformed JSON', code: null, httpStatus: error.statusCode ?? null };
  if (isNetworkError(error)) return { kind: 'unavailable', message: `GoCardless unavailable: ${messageOf(error)}`, code: null, httpStatus: null };
  return null;
}

/**
 * The one place that reaches into gocardless-nodejs internals (its private `Api`; revisit on every
 * SDK upgrade):
 * - `_baseUrl`, read by every request as `got`'s `prefixUrl`: the SDK has no base-URL option
 *   (spec 4.3), so a stand-in is reached only this way;
 * - `createRequestOptions`, wrapped to add `got` options the SDK does not expose: `retry: 0`
 *   (got 11 retries GETs by itself, and a retry after a dropped connection throws an uncaught
 *   "onCancel handler was attached after the promise settled" that would end the process; our jobs
 *   retry instead, as Lago's do) and `timeout` (a timed-out request is aborted, not left running).
 */
function tuneSdkClient(client: GoCardlessClient, endpoints: ProviderEndpoints): void {
  const api = (client as any)._api;
  if (endpoints.gocardless) api._baseUrl = endpoints.gocardless.replace(/\/+$/, '');
  if (typeof api.createRequestOptions !== 'function') return; // internals changed: withTimeout still bounds each call
  const build = api.createRequestOptions.bind(api) as (...args: unknown[]) => Record<string, unknown>;
  api.createRequestOptions = (...args: unknown[]) => ({ ...build(...args), retry: 0, timeout: endpoints.timeoutMs });
}

/**
 * `PaymentProvider` over `gocardless-nodejs` (spec 3 and 4.3). The SDK has no timeout option: every
 * call is raced against `endpoints.timeoutMs` (and `tuneSdkClient` has `got` abort it then too).
 */
export class GoCardlessProvider implements PaymentProvider {
  readonly type = 'gocardless' as const;

  constructor(
    private readonly endpoints: ProviderEndpoints,
    /** Live environment in production, sandbox otherwise (Lago's rule). */
    private readonly production: boolean = process.env.NODE_ENV === 'production',
  ) {}

  /** Spec 3.1: `POST /customers`, then the billing request and its flow (the mandate checkout). */
  async createCustomer(credentials: ProviderCredentials, customer: ProviderCustomerInput, idempotencyKey: string): Promise<CustomerSyncResult> {
    const client = this.client(credentials);
    const params = withoutBlanks({ email: firstEmail(customer.email), company_name: customer.name, given_name: customer.firstname, family_name: customer.lastname });
    const created = await this.call(credentials, 'customers.create', client.customers.create(params, idempotencyKey));
    if (!created.id) throw new ProviderUnavailableError('GoCardless returned a customer without id', null);
    const checkoutUrl = await this.mandateFlow(client, credentials, created.id).catch((error: unknown) => {
      if (error instanceof ProviderRefusedError) return null; // the customer exists; only the flow was refused
      throw error;
    });
    return { providerCustomerId: created.id, checkoutUrl };
  }

  /** The billing request (Bacs mandate) and its flow's `authorisation_url`. Refusals throw `ProviderRefusedError`. */
  async checkoutUrl(credentials: ProviderCredentials, _customer: ProviderCustomerInput, providerCustomerId: string): Promise<string | null> {
    return this.mandateFlow(this.client(credentials), credentials, providerCustomerId);
  }

  /** Spec 3.2: the mandate (known, else the first chargeable one), then `POST /payments`. */
  async charge(credentials: ProviderCredentials, input: ChargeInput): Promise<ChargeResult> {
    let mandateId: string | null = input.paymentMethodId;
    try {
      const client = this.client(credentials);
      if (!mandateId) {
        const listed = await this.call(credentials, 'mandates.list', client.mandates.list({ customer: input.providerCustomerId, status: [...CHARGEABLE_MANDATE_STATUSES] }));
        mandateId = listed.mandates[0]?.id ?? null;
      }
      if (!mandateId) return refusedCharge({ message: 'No mandate available for payment', code: 'no_mandate_error' }, null);
      const params: PaymentCreateParams = {
        amount: input.amountCents,
        // GoCardless validates the currency itself (a 422 for one it does not support).
        currency: input.currency.toUpperCase() as PaymentCreateParams['currency'],
        retry_if_possible: false,
        metadata: goCardlessPaymentMetadata(input.metadata),
        links: { mandate: mandateId },
      };
      const payment = await this.call(credentials, 'payments.create', client.payments.create(params, `payment-${input.paymentId}`));
      const status = payment.status ?? 'pending_submission';
      return {
        providerPaymentId: payment.id ?? null,
        status,
        payableStatus: payableStatusOf('gocardless', status),
        nextAction: null,
        error: null,
        keepPayablePending: false,
        paymentMethodId: mandateId,
      };
    } catch (error) {
      if (error instanceof ProviderRefusedError) return refusedCharge(error, mandateId);
      throw error;
    }
  }

  /** Spec 3.3: `parse` (HMAC-SHA256 of the raw body), then each event of the batch. */
  async parseWebhook(credentials: ProviderCredentials, rawBody: Buffer, headers: Record<string, string>): Promise<ProviderWebhookEvent[]> {
    const secret = credentials.secrets.webhook_secret;
    const signature = headerValue(headers, 'webhook-signature');
    if (!present(secret)) throw new InvalidWebhookSignatureError('GoCardless connection has no webhook secret');
    if (!signature) throw new InvalidWebhookSignatureError('Webhook-Signature header missing');
    let events: unknown;
    try {
      events = parse(rawBody, secret, signature);
    } catch {
      throw new InvalidWebhookSignatureError('GoCardless webhook signature did not verify');
    }
    if (!Array.isArray(events) || !events.every(isRecord)) throw new InvalidWebhookSignatureError('GoCardless webhook has no events list');
    const out: ProviderWebhookEvent[] = [];
    for (const event of events as GoCardlessEvent[]) out.push(await this.reduceEvent(credentials, event));
    return out;
  }

  private async reduceEvent(credentials: ProviderCredentials, event: GoCardlessEvent): Promise<ProviderWebhookEvent> {
    const eventId = event.id ?? '';
    const action = event.action ?? '';
    const links = event.links ?? {};
    if (event.resource_type === 'payments' && PAYMENT_ACTIONS.has(action)) {
      if (!links.payment) return { kind: 'ignored', eventId, reason: 'payment event without links.payment' };
      const error = action === 'paid_out' ? null : { message: event.details?.description ?? action, code: event.details?.cause ?? null };
      return { kind: 'payment', eventId, providerPaymentId: links.payment, status: action, payableStatus: payableStatusOf('gocardless', action), metadata: stringEntries(event.metadata), error };
    }
    if (event.resource_type === 'mandates' && action === 'created') {
      if (!links.mandate) return { kind: 'ignored', eventId, reason: 'mandate event without links.mandate' };
      return this.mandateCreated(credentials, eventId, links.mandate);
    }
    if (event.resource_type === 'mandates' && action === 'cancelled' && event.details?.origin === 'api') {
      if (!links.mandate) return { kind: 'ignored', eventId, reason: 'mandate event without links.mandate' };
      return { kind: 'payment_method_removed', eventId, providerCustomerId: links.customer ?? null, paymentMethodId: links.mandate };
    }
    return { kind: 'ignored', eventId, reason: `unhandled event ${String(event.resource_type)}/${action}` };
  }

  /** `GET /mandates/:id` for its customer; a mandate GoCardless no longer knows is ignored. */
  private async mandateCreated(credentials: ProviderCredentials, eventId: string, mandateId: string): Promise<ProviderWebhookEvent> {
    try {
      const mandate = await this.call(credentials, 'mandates.find', this.client(credentials).mandates.find(mandateId));
      const providerCustomerId = mandate.links?.customer;
      if (!providerCustomerId) return { kind: 'ignored', eventId, reason: 'mandate without a customer' };
      return { kind: 'payment_method_set', eventId, providerCustomerId, paymentMethodId: mandate.id ?? mandateId, lagoCustomerId: null };
    } catch (error) {
      if (error instanceof ProviderRefusedError) return { kind: 'ignored', eventId, reason: `GoCardless refused: ${error.message}` };
      throw error;
    }
  }

  /** `POST /billing_requests` (Bacs mandate request), then `POST /billing_request_flows` → `authorisation_url`. */
  private async mandateFlow(client: GoCardlessClient, credentials: ProviderCredentials, providerCustomerId: string): Promise<string | null> {
    const request = await this.call(credentials, 'billingRequests.create', client.billingRequests.create({ mandate_request: { scheme: 'bacs' }, links: { customer: providerCustomerId } }));
    if (!request.id) throw new ProviderUnavailableError('GoCardless returned a billing request without id', null);
    const redirect = credentials.successRedirectUrl ?? GOCARDLESS_DEFAULT_REDIRECT_URL;
    const flow = await this.call(credentials, 'billingRequestFlows.create', client.billingRequestFlows.create({ redirect_uri: redirect, exit_uri: redirect, links: { billing_request: request.id } }));
    return flow.authorisation_url ?? null;
  }

  /** One SDK call under the timeout, its failure sorted into refused/unavailable (secrets scrubbed). */
  private async call<T>(credentials: ProviderCredentials, label: string, request: Promise<T>): Promise<T> {
    try {
      return await withTimeout(request, this.endpoints.timeoutMs, `GoCardless ${label}`);
    } catch (error) {
      const failure = classifyGoCardlessError(error);
      if (!failure) throw error;
      throw toProviderError(failure, credentials.secrets);
    }
  }

  private client(credentials: ProviderCredentials): GoCardlessClient {
    const token = credentials.secrets.access_token;
    if (!present(token)) throw new ProviderRefusedError('GoCardless connection has no access token', 'missing_access_token', null);
    const client = gocardless(token, this.production ? Environments.Live : Environments.Sandbox, {});
    tuneSdkClient(client, this.endpoints);
    return client;
  }
}
