import { ApiProperty } from '@nestjs/swagger';

/** Provider types a connection can have (the providers this product syncs with). */
export const PAYMENT_PROVIDER_TYPES = ['stripe', 'adyen', 'gocardless'] as const;
/** One of `PAYMENT_PROVIDER_TYPES`. */
export type PaymentProviderType = (typeof PAYMENT_PROVIDER_TYPES)[number];

/**
 * Every `payment_provider` value Lago's customer API knows (`Customer::PAYMENT_PROVIDERS`). A
 * customer may name one we have no connection type for; it then fails the connection lookup.
 */
export const LAGO_PAYMENT_PROVIDERS = ['stripe', 'gocardless', 'cashfree', 'adyen', 'flutterwave', 'moneyhash'] as const;

/** Stripe payment method types a customer may be offered (Lago's `StripeCustomer`). */
export const STRIPE_PAYMENT_METHODS = ['card', 'sepa_debit', 'us_bank_account', 'bacs_debit', 'link', 'boleto', 'crypto', 'customer_balance'] as const;

/**
 * The secret fields of each connection type (encrypted at rest, never returned) and its plain
 * settings. `required` keys must be present on create.
 */
export const PAYMENT_PROVIDER_FIELDS = {
  stripe: { secrets: ['secret_key', 'webhook_secret'], settings: [], required: ['secret_key'] },
  adyen: { secrets: ['api_key', 'hmac_key'], settings: ['merchant_account', 'live_prefix'], required: ['api_key', 'merchant_account'] },
  gocardless: { secrets: ['access_token', 'webhook_secret'], settings: [], required: ['access_token'] },
} as const satisfies Record<PaymentProviderType, { secrets: readonly string[]; settings: readonly string[]; required: readonly string[] }>;

/** Request types for provider connections on `billing.rpc.payment_sync.v1`. */
export const PAYMENT_PROVIDER_REQUESTS = {
  /** Create a connection; payload `PaymentProviderInputV1` (complete); reply `PaymentProviderV1`. */
  create: 'payment_providers.create',
  /** Change the connection with `code`; payload `UpdatePaymentProviderV1`; reply `PaymentProviderV1`. */
  update: 'payment_providers.update',
  /** Read the connection with `code`; payload `PaymentProviderCodeV1`; reply `PaymentProviderV1`. */
  get: 'payment_providers.get',
  /** Delete the connection with `code`; payload `PaymentProviderCodeV1`; reply `PaymentProviderV1`. */
  delete: 'payment_providers.delete',
  /** One page of connections; payload `{page, per_page}`; reply `PaymentProviderListV1`. */
  list: 'payment_providers.list',
  /** Find the connection a customer names; payload `ResolvePaymentProviderV1`; reply `PaymentProviderResolutionV1`. */
  resolve: 'payment_providers.resolve',
} as const;

/** A payment-provider connection as the API shows it: never any secret. */
export class PaymentProviderV1 {
  /** Connection id (uuid). */
  @ApiProperty({ type: String, description: 'Connection id (uuid).' })
  lago_id!: string;

  /** Unique code within the organization; customers name it as `payment_provider_code`. */
  @ApiProperty({ type: String, description: 'Unique code within the organization; customers name it as `payment_provider_code`.' })
  code!: string;

  /** Display name. */
  @ApiProperty({ type: String, description: 'Display name.' })
  name!: string;

  /** `stripe`, `adyen` or `gocardless`. */
  @ApiProperty({ type: String, enum: PAYMENT_PROVIDER_TYPES, description: '`stripe`, `adyen` or `gocardless`.' })
  provider_type!: PaymentProviderType;

  /** Where the provider sends the customer after a checkout. */
  @ApiProperty({ type: String, nullable: true, description: 'Where the provider sends the customer after a checkout.' })
  success_redirect_url!: string | null;

  /** Plain settings of the type (Adyen: `merchant_account`, `live_prefix`). */
  @ApiProperty({ type: Object, description: 'Plain settings of the type (Adyen: `merchant_account`, `live_prefix`).' })
  settings!: Record<string, string | null>;

  /** Names of the secrets that are set (their values are never returned). */
  @ApiProperty({ type: [String], description: 'Names of the secrets that are set (their values are never returned).' })
  secrets_set!: string[];

  /** Creation time (ISO-8601 UTC). */
  @ApiProperty({ type: String, description: 'Creation time (ISO-8601 UTC).' })
  created_at!: string;

  /** Last change (ISO-8601 UTC). */
  @ApiProperty({ type: String, description: 'Last change (ISO-8601 UTC).' })
  updated_at!: string;
}

/** Fields of a create or update, validated by the gateway; absent keys are unchanged. */
export interface PaymentProviderInputV1 {
  /** Code (create only). */
  code?: string;
  /** Display name. */
  name?: string;
  /** Type (create only). */
  provider_type?: PaymentProviderType;
  /** Redirect after checkout; null clears. */
  success_redirect_url?: string | null;
  /** Secret values by name; those not of the connection's type (`PAYMENT_PROVIDER_FIELDS`) are ignored; null removes an optional one. */
  secrets?: Record<string, string | null>;
  /** Plain settings by name (those not of the type are ignored); null clears. */
  settings?: Record<string, string | null>;
}

/** Parameters of `payment_providers.update`. */
export interface UpdatePaymentProviderV1 {
  /** The connection's code. */
  code: string;
  /** The changes. */
  changes: PaymentProviderInputV1;
}

/** A connection addressed by code. */
export interface PaymentProviderCodeV1 {
  /** The connection's code. */
  code: string;
}

/** Reply of `payment_providers.list`. */
export interface PaymentProviderListV1 {
  /** The page, newest first. */
  payment_providers: PaymentProviderV1[];
  /** Pagination. */
  meta: import('../customers/customer-commands.v1').PaginationMetaV1;
}

/** Parameters of `payment_providers.resolve`: Lago's `PaymentProviders::FindService`. */
export interface ResolvePaymentProviderV1 {
  /** The `payment_provider` the customer names; absent when only a code was sent (any type). */
  provider_type?: string;
  /** The `payment_provider_code`, when sent. */
  code?: string | null;
}

/**
 * Which connection a customer's `billing_configuration` names. `not_found`: no connection of the
 * type (with that code); `code_missing`: no code and several connections of the type.
 */
export type PaymentProviderResolutionV1 =
  | { status: 'found'; code: string; provider_type: PaymentProviderType }
  | { status: 'not_found' }
  | { status: 'code_missing' };
