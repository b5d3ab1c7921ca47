import { IsIn, IsObject, IsOptional, IsString, IsUUID } from 'class-validator';
import { PAYMENT_PROVIDER_TYPES, type PaymentProviderType } from './payment-provider.v1';
import type { CustomerV1 } from '../customers/customer.v1';

/** Event types on `billing.provider_customers.v1` (producer: payment-sync); payload `ProviderCustomerEventV1`. */
export const PROVIDER_CUSTOMER_EVENTS = {
  /** The customer exists at the provider; `provider_customer_id` is set. The customers service stores it. */
  created: 'customer.payment_provider_created',
  /** A checkout link for the customer to set up a payment method (`checkout_url`). */
  checkoutUrlGenerated: 'customer.checkout_url_generated',
  /** The provider refused the customer (`provider_error`). */
  error: 'customer.payment_provider_error',
} as const;

/**
 * A change of a customer's account at a payment provider: the fields of Lago's
 * `customer.payment_provider_created` / `customer.checkout_url_generated` /
 * `customer.payment_provider_error` webhooks.
 */
export class ProviderCustomerEventV1 {
  /** The Lago customer id. */
  @IsUUID() lago_customer_id!: string;
  /** The customer's `external_id`. */
  @IsString() external_customer_id!: string;
  /** `stripe`, `adyen` or `gocardless`. */
  @IsIn(PAYMENT_PROVIDER_TYPES) payment_provider!: PaymentProviderType;
  /** The connection's code. */
  @IsString() payment_provider_code!: string;
  /** The customer's id at the provider, when known. */
  @IsOptional() @IsString() provider_customer_id!: string | null;
  /** `customer.checkout_url_generated` only. */
  @IsOptional() @IsString() checkout_url?: string | null;
  /** `customer.payment_provider_error` only: the provider's message and code. */
  @IsOptional() @IsObject() provider_error?: { message: string; error_code: string | null } | null;
  /** The customer as payment-sync last saw it, with `provider_customer_id` filled in (Lago sends the full customer). */
  @IsOptional() @IsObject() customer?: CustomerV1;
}

/** Request types on `billing.rpc.payment_sync.v1` for provider webhooks. */
export const PROVIDER_WEBHOOK_REQUESTS = {
  /** Verify and apply a provider webhook; payload `ProviderWebhookV1`; reply `ProviderWebhookReceiptV1`. */
  receive: 'provider_webhooks.receive',
} as const;

/** A provider webhook as the gateway received it: the raw body, untouched. */
export interface ProviderWebhookV1 {
  /** From the path: `stripe`, `adyen` or `gocardless`. */
  provider_type: PaymentProviderType;
  /** `?code=`: the connection; may be absent when the organization has one connection of the type. */
  code: string | null;
  /** The exact request body, base64. */
  body_base64: string;
  /** The signature headers, lower-cased names (`stripe-signature`, `webhook-signature`). */
  headers: Record<string, string>;
}

/** What payment-sync did with a webhook. */
export interface ProviderWebhookReceiptV1 {
  /** Events applied now. */
  applied: number;
  /** Events seen before (a replay): nothing changed. */
  duplicates: number;
  /** Events verified but not acted on. */
  ignored: number;
}
