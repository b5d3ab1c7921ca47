import { CheckoutAPI, Client, EnvironmentEnum, HttpClientException, hmacValidator, Types } from '@adyen/api-library';
import { AdyenFetchHttpClient } from './adyen-http-client';
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
import { type ClassifiedFailure, isNetworkError, isOutageStatus, messageOf, redactSecrets, refusedCharge, toProviderError } from './provider-errors';
import { firstEmail, isRecord, lastChars, present } from './provider-input';

type PaymentLinkRequest = Types.checkout.PaymentLinkRequest;
type PaymentRequest = Types.checkout.PaymentRequest;
type NotificationRequestItem = Types.notification.NotificationRequestItem;
const { PaymentLinkRequest: LinkEnums, PaymentRequest: PaymentEnums, CardDetails } = Types.checkout;

/** Added to every Adyen request body by Lago (`lib/lago/adyen/params.rb`). */
export const ADYEN_APPLICATION_INFO = { externalPlatform: { name: 'Lago', integrator: 'Lago' }, merchantApplication: { name: 'Lago' } };
/** Lago's `success_redirect_url` fallback for Adyen. */
export const ADYEN_DEFAULT_RETURN_URL = 'https://www.adyen.com/';
/** The zero-amount authorisation link's currency when the customer has none. */
const DEFAULT_LINK_CURRENCY = 'EUR';
/** Lifetime of the authorisation link (Lago: 69 days). */
const LINK_LIFETIME_MS = 69 * 24 * 60 * 60 * 1000;
/** Adyen's limit on `reference`. */
const REFERENCE_MAX = 80;
/** Result codes that carry a refusal (their error is `refusalReason` / `refusalReasonCode`). */
const REFUSAL_CODES = new Set(['Refused', 'Error', 'Cancelled']);

/** Sorts what the Adyen SDK (or our HTTP client) threw; null for anything else (a bug, left as is). */
export function classifyAdyenError(error: unknown): ClassifiedFailure | null {
  if (error instanceof ProviderUnavailableError) return { kind: 'unavailable', message: error.message, code: null, httpStatus: error.httpStatus };
  if (error instanceof HttpClientException) {
    const status = error.statusCode;
    const api = error.apiError;
    if (isOutageStatus(status)) return { kind: 'unavailable', message: `Adyen unavailable: HTTP ${status}`, code: api?.errorType ?? null, httpStatus: status };
    const message = api ? `${api.errorCode ?? status}: ${api.message ?? ''}` : `${status}: ${error.message}`;
    return { kind: 'refused', message, code: api?.errorType ?? null, httpStatus: status };
  }
  // The default client's ApiException (network errors, default status 500) is not exported: duck-type it.
  if (isRecord(error) && error.name === 'ApiException') {
    const status = Number(error.statusCode ?? 500);
    const message = messageOf(error);
    return isOutageStatus(status) ? { kind: 'unavailable', message: `Adyen unavailable: ${message}`, code: null, httpStatus: status } : { kind: 'refused', message, code: null, httpStatus: status };
  }
  if (isNetworkError(error)) return { kind: 'unavailable', message: `Adyen unavailable: ${messageOf(error)}`, code: null, httpStatus: null };
  return null;
}

/** The `metadata.<key>` entries of a notification's `additionalData`, without the prefix. */
export function adyenMetadata(additionalData: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(additionalData ?? {})) if (key.startsWith('metadata.') && typeof value === 'string') out[key.slice('metadata.'.length)] = value;
  return out;
}

/**
 * `PaymentProvider` over `@adyen/api-library` Checkout (spec 2 and 4.2). Adyen has no customer
 * object: "creating the customer" is a zero-amount payment link that stores a card.
 */
export class AdyenProvider implements PaymentProvider {
  readonly type = 'adyen' as const;

  constructor(
    private readonly endpoints: ProviderEndpoints,
    /** Live environment only in production with a `live_prefix` (Lago's rule). */
    private readonly production: boolean = process.env.NODE_ENV === 'production',
  ) {}

  /** Spec 2.1: `POST /paymentLinks` for a zero-amount authorisation; the customer id arrives later by webhook. */
  async createCustomer(credentials: ProviderCredentials, customer: ProviderCustomerInput, idempotencyKey: string): Promise<CustomerSyncResult> {
    return { providerCustomerId: null, checkoutUrl: await this.authorisationLink(credentials, customer, idempotencyKey) };
  }

  /** The same zero-amount authorisation link (Adyen's shopper is the Lago `external_id`). */
  async checkoutUrl(credentials: ProviderCredentials, customer: ProviderCustomerInput, _providerCustomerId: string): Promise<string | null> {
    return this.authorisationLink(credentials, customer);
  }

  /** Spec 2.2: `POST /paymentMethods` for the stored card, then `POST /payments` (ContAuth, card on file). */
  async charge(credentials: ProviderCredentials, input: ChargeInput): Promise<ChargeResult> {
    let paymentMethodId: string | null = input.paymentMethodId;
    try {
      const { payments } = this.checkout(credentials);
      const merchantAccount = this.merchantAccount(credentials);
      // Lago also sends `applicationInfo` here; Checkout v72's PaymentMethodsRequest has no such field,
      // so the SDK's serializer would drop it: it is not sent.
      const methods = await payments.paymentMethods({ merchantAccount, shopperReference: input.providerCustomerId });
      paymentMethodId = input.paymentMethodId ?? methods.storedPaymentMethods?.[0]?.id ?? null;
      const request: Omit<PaymentRequest, 'returnUrl'> = {
        amount: { currency: input.currency.toUpperCase(), value: input.amountCents },
        reference: lastChars(input.reference, REFERENCE_MAX),
        paymentMethod: { type: CardDetails.TypeEnum.Scheme, ...(paymentMethodId ? { storedPaymentMethodId: paymentMethodId } : {}) },
        shopperReference: input.providerCustomerId,
        merchantAccount,
        shopperInteraction: PaymentEnums.ShopperInteractionEnum.ContAuth,
        recurringProcessingModel: PaymentEnums.RecurringProcessingModelEnum.UnscheduledCardOnFile,
        ...(input.email ? { shopperEmail: input.email } : {}),
        applicationInfo: ADYEN_APPLICATION_INFO,
      };
      // The v72 typings require `returnUrl`, which a merchant-initiated (ContAuth) charge does not use
      // and Lago does not send.
      const response = await payments.payments(request as PaymentRequest, { idempotencyKey: `payment-${input.paymentId}` });
      const status: string = response.resultCode ?? 'Error';
      return {
        providerPaymentId: response.pspReference ?? null,
        status,
        payableStatus: payableStatusOf('adyen', status),
        nextAction: null,
        error: REFUSAL_CODES.has(status) ? { message: response.refusalReason ?? status, code: response.refusalReasonCode ?? status } : null,
        keepPayablePending: false,
        paymentMethodId,
      };
    } catch (error) {
      if (error instanceof ProviderRefusedError) return refusedCharge(error, paymentMethodId);
      const failure = classifyAdyenError(error);
      if (!failure) throw error;
      if (failure.kind === 'unavailable') throw toProviderError(failure, credentials.secrets);
      return refusedCharge({ message: redactSecrets(failure.message, credentials.secrets), code: failure.code }, paymentMethodId);
    }
  }

  /** Spec 2.3: every notification item's HMAC must verify; then each item is reduced. */
  async parseWebhook(credentials: ProviderCredentials, rawBody: Buffer, _headers: Record<string, string>): Promise<ProviderWebhookEvent[]> {
    const hmacKey = credentials.secrets.hmac_key;
    if (!present(hmacKey)) throw new InvalidWebhookSignatureError('Adyen connection has no HMAC key');
    const items = notificationItems(rawBody);
    const validator = new hmacValidator();
    for (const item of items) {
      let valid: boolean;
      try {
        valid = validator.validateHMAC(item, hmacKey);
      } catch {
        valid = false; // no hmacSignature, or an item without the signed fields
      }
      if (!valid) throw new InvalidWebhookSignatureError('Adyen notification HMAC did not verify');
    }
    return items.map(reduceItem);
  }

  /** `POST /paymentLinks` with amount 0 that stores the card (`storePaymentMethodMode: enabled`). */
  private async authorisationLink(credentials: ProviderCredentials, customer: ProviderCustomerInput, idempotencyKey?: string): Promise<string | null> {
    const email = firstEmail(customer.email);
    const request: PaymentLinkRequest = {
      reference: `authorization customer ${customer.externalId}`,
      amount: { value: 0, currency: customer.currency ?? DEFAULT_LINK_CURRENCY },
      merchantAccount: this.merchantAccount(credentials),
      returnUrl: credentials.successRedirectUrl ?? ADYEN_DEFAULT_RETURN_URL,
      shopperReference: customer.externalId,
      storePaymentMethodMode: LinkEnums.StorePaymentMethodModeEnum.Enabled,
      recurringProcessingModel: LinkEnums.RecurringProcessingModelEnum.UnscheduledCardOnFile,
      expiresAt: new Date(Date.now() + LINK_LIFETIME_MS),
      ...(email ? { shopperEmail: email } : {}),
      applicationInfo: ADYEN_APPLICATION_INFO,
    };
    try {
      const link = await this.checkout(credentials).links.paymentLinks(request, idempotencyKey ? { idempotencyKey } : undefined);
      return link.url ?? null;
    } catch (error) {
      const failure = classifyAdyenError(error);
      throw failure ? toProviderError(failure, credentials.secrets) : error;
    }
  }

  private merchantAccount(credentials: ProviderCredentials): string {
    const account = credentials.settings.merchant_account;
    if (!present(account)) throw new ProviderRefusedError('Adyen connection has no merchant account', 'missing_merchant_account', null);
    return account;
  }

  /** The Checkout services for this connection (the client is cheap: built per call). */
  private checkout(credentials: ProviderCredentials): { payments: CheckoutAPI['PaymentsApi']; links: CheckoutAPI['PaymentLinksApi'] } {
    const apiKey = credentials.secrets.api_key;
    if (!present(apiKey)) throw new ProviderRefusedError('Adyen connection has no API key', 'missing_api_key', null);
    const livePrefix = credentials.settings.live_prefix;
    const live = present(livePrefix) && this.production;
    const client = new Client(
      {
        apiKey,
        environment: live ? EnvironmentEnum.LIVE : EnvironmentEnum.TEST,
        ...(live ? { liveEndpointUrlPrefix: livePrefix } : {}),
        connectionTimeoutMillis: this.endpoints.timeoutMs,
      },
      this.endpoints.adyen ? new AdyenFetchHttpClient(this.endpoints.adyen, this.endpoints.timeoutMs) : undefined,
    );
    const checkout = new CheckoutAPI(client);
    return { payments: checkout.PaymentsApi, links: checkout.PaymentLinksApi };
  }
}

/** The notification items of an Adyen webhook body; a body of another shape fails verification. */
function notificationItems(rawBody: Buffer): NotificationRequestItem[] {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new InvalidWebhookSignatureError('Adyen notification is not JSON');
  }
  const wrappers = isRecord(body) ? body.notificationItems : undefined;
  if (!Array.isArray(wrappers) || wrappers.length === 0) throw new InvalidWebhookSignatureError('Adyen notification has no notificationItems');
  return wrappers.map((wrapper: unknown) => {
    const item = isRecord(wrapper) ? wrapper.NotificationRequestItem : undefined;
    if (!isNotificationItem(item)) throw new InvalidWebhookSignatureError('Adyen notification item without the signed fields');
    return item;
  });
}

/** An item carrying the fields its HMAC covers (the validator reads them; anything else cannot verify). */
function isNotificationItem(value: unknown): value is NotificationRequestItem {
  if (!isRecord(value) || !isRecord(value.amount)) return false;
  return ['pspReference', 'eventCode', 'success', 'merchantAccountCode'].every((field) => typeof value[field] === 'string');
}

/** One verified notification item as the event payment-sync acts on (spec 2.3 table). */
function reduceItem(item: NotificationRequestItem): ProviderWebhookEvent {
  const eventCode = String(item.eventCode);
  const success = String(item.success) === 'true';
  const eventId = `${eventCode}:${item.pspReference}:${String(item.success)}`;
  const data = item.additionalData ?? {};
  const error = success ? null : { message: item.reason ?? eventCode, code: eventCode };
  if (eventCode === 'AUTHORISATION') {
    if (data['metadata.payment_type'] === 'one-time') {
      const status = success ? 'succeeded' : 'failed';
      return { kind: 'payment', eventId, providerPaymentId: item.pspReference, status, payableStatus: payableStatusOf('adyen', status), metadata: adyenMetadata(data), error };
    }
    if (Number(item.amount?.value) === 0) {
      const shopperReference = data.shopperReference ?? data['recurring.shopperReference'];
      if (!present(shopperReference)) return { kind: 'ignored', eventId, reason: 'zero-amount authorisation without shopperReference' };
      return { kind: 'customer_authorised', eventId, providerCustomerId: shopperReference, paymentMethodId: data['recurring.recurringDetailReference'] ?? null, success, error };
    }
    return { kind: 'ignored', eventId, reason: 'AUTHORISATION of an off-session charge (the /payments answer is final)' };
  }
  if (eventCode === 'CANCELLATION' && success) {
    if (!present(item.originalReference)) return { kind: 'ignored', eventId, reason: 'CANCELLATION without originalReference' };
    return { kind: 'payment', eventId, providerPaymentId: item.originalReference, status: 'Cancelled', payableStatus: payableStatusOf('adyen', 'Cancelled'), metadata: adyenMetadata(data), error: null };
  }
  return { kind: 'ignored', eventId, reason: `unhandled event code ${eventCode}` };
}
