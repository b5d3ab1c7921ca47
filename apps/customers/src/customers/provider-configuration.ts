import { PAYMENT_PROVIDER_TYPES, type PaymentProviderResolutionV1, type UpsertCustomerV1 } from '@app/contracts';

/**
 * The customer's account at one provider type (Lago's payment-provider customer): at most one per
 * type; kept when the customer switches to another provider, dropped when the provider is removed.
 */
export interface ProviderLink {
  /** `stripe`, `adyen` or `gocardless`. */
  provider: string;
  /** Code of the connection. */
  code: string | null;
  /** The customer's id at the provider, once known. */
  provider_customer_id: string | null;
  /** Whether payment-sync should create the customer at the provider. */
  sync_with_provider?: boolean;
  /** Stripe only. */
  provider_payment_methods?: string[];
}

/** What the customer row holds about its payment provider. */
export interface ProviderState {
  paymentProvider: string | null;
  paymentProviderCode: string | null;
  links: ProviderLink[];
}

/** A refusal, reported as Lago does: 422 `{base: [code]}`. */
export type ProviderRefusal = 'payment_provider_not_found' | 'payment_provider_code_missing';

type Billing = NonNullable<UpsertCustomerV1['billing_configuration']>;

const CONNECTABLE: readonly string[] = PAYMENT_PROVIDER_TYPES;

/**
 * Applies the provider keys of `billing_configuration` to `state` (in place), with Lago's two
 * paths (spec customers.md 3.10):
 * - create path (a new customer, or one without a provider id that asks for a link): the provider is
 *   stored only when `sync_with_provider` or `provider_customer_id` asks for a link, and then the
 *   connection must exist (`payment_provider_not_found`, `payment_provider_code_missing`);
 * - update path: a known provider is set, an unknown one clears it silently, `null` removes it and
 *   drops its account; a named connection code must exist.
 * Returns the refusal, if any; the caller then writes nothing.
 */
export function applyProviderConfiguration(
  state: ProviderState,
  billing: Billing | undefined,
  resolution: PaymentProviderResolutionV1 | undefined,
  isNew: boolean,
): ProviderRefusal | null {
  if (!billing) return null;
  const has = (key: keyof Billing) => Object.prototype.hasOwnProperty.call(billing, key);
  const current = linkOf(state, state.paymentProvider);
  const asksForLink = billing.sync_with_provider === true || Boolean(billing.provider_customer_id);

  if (isNew || (!current?.provider_customer_id && asksForLink)) {
    const type = billing.payment_provider;
    if (!has('payment_provider') || type === null || type === undefined || !asksForLink) return null;
    if (!CONNECTABLE.includes(type) || !resolution || resolution.status === 'not_found') return 'payment_provider_not_found';
    if (resolution.status === 'code_missing') return 'payment_provider_code_missing';
    state.paymentProvider = type;
    state.paymentProviderCode = resolution.code;
    upsertLink(state, type, resolution.code, billing);
    return null;
  }

  if (has('payment_provider')) {
    const type = billing.payment_provider ?? null;
    if (type === null || !CONNECTABLE.includes(type)) {
      // null removes the provider and its account; an unknown value only clears the provider (Lago).
      if (type === null && state.paymentProvider) state.links = state.links.filter((l) => l.provider !== state.paymentProvider);
      state.paymentProvider = null;
      state.paymentProviderCode = null;
      return null;
    }
    const switching = type !== state.paymentProvider;
    state.paymentProvider = type;
    if (billing.payment_provider_code || switching) {
      if (!resolution || resolution.status === 'not_found') return 'payment_provider_not_found';
      if (resolution.status === 'code_missing') return 'payment_provider_code_missing';
      state.paymentProviderCode = resolution.code;
    }
  } else if (billing.payment_provider_code && state.paymentProvider) {
    // Another connection of the customer's current provider type.
    if (!resolution || resolution.status !== 'found' || resolution.provider_type !== state.paymentProvider) return 'payment_provider_not_found';
    state.paymentProviderCode = resolution.code;
  }

  const type = state.paymentProvider;
  if (type && (billing.provider_customer_id || linkOf(state, type))) upsertLink(state, type, state.paymentProviderCode, billing);
  return null;
}

function linkOf(state: ProviderState, type: string | null): ProviderLink | undefined {
  return type ? state.links.find((l) => l.provider === type) : undefined;
}

/** Creates or updates the account of `type` with the keys sent. */
function upsertLink(state: ProviderState, type: string, code: string | null, billing: Billing): void {
  let link = linkOf(state, type);
  const created = !link;
  if (!link) {
    link = { provider: type, code, provider_customer_id: null };
    state.links.push(link);
  }
  link.code = code;
  if (billing.provider_customer_id !== undefined) link.provider_customer_id = billing.provider_customer_id || null;
  if (billing.sync_with_provider !== undefined) link.sync_with_provider = billing.sync_with_provider === true;
  if (type === 'stripe') {
    // A new Stripe account defaults to card; an existing one keeps its methods unless some are sent.
    const methods = billing.provider_payment_methods;
    if (methods?.length) link.provider_payment_methods = [...methods];
    else if (created || !link.provider_payment_methods) link.provider_payment_methods = ['card'];
  }
}

/** The provider part of Lago's `billing_configuration` (what follows the plain keys). */
export function providerBillingView(state: ProviderState): Record<string, unknown> {
  const type = state.paymentProvider;
  if (!type) return {};
  const link = linkOf(state, type);
  const view: Record<string, unknown> = { provider_customer_id: link?.provider_customer_id ?? null };
  if (type === 'stripe') view.provider_payment_methods = link?.provider_payment_methods ?? null;
  if (link?.sync_with_provider !== undefined) view.sync_with_provider = link.sync_with_provider;
  return view;
}
