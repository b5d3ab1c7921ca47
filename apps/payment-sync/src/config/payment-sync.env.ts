import { Expose, Type } from 'class-transformer';
import { IsBase64, IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { loadEnv, loadServiceEnv, type ServiceEnv } from '@app/messaging';
import type { ProviderJobOptions } from '../jobs/provider-job.runner';
import type { ProviderEndpoints } from '../providers/payment-provider';

const LOCAL_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

class PaymentSyncEnvVars {
  /** 32 random bytes, base64: the key that seals provider secrets at rest. No default: it must be configured. */
  @Expose() @IsString() @IsBase64() PAYMENT_SECRETS_KEY!: string;
  /** Stripe API base (a local stand-in); unset: api.stripe.com. */
  @Expose() @IsOptional() @IsUrl(LOCAL_URL) STRIPE_API_BASE?: string;
  /** Adyen Checkout base replacing `https://checkout-test.adyen.com`; unset: Adyen. */
  @Expose() @IsOptional() @IsUrl(LOCAL_URL) ADYEN_CHECKOUT_BASE?: string;
  /** GoCardless API base; unset: GoCardless. */
  @Expose() @IsOptional() @IsUrl(LOCAL_URL) GOCARDLESS_API_BASE?: string;
  /** Timeout of one provider call. */
  @Expose() @Type(() => Number) @IsInt() @Min(100) @Max(120_000) PROVIDER_TIMEOUT_MS = 15_000;
  /** First retry delay of a provider call that failed for an outage; doubles each attempt. */
  @Expose() @Type(() => Number) @IsInt() @Min(10) @Max(3_600_000) PROVIDER_RETRY_BASE_MS = 2_000;
  /** Longest retry delay. */
  @Expose() @Type(() => Number) @IsInt() @Min(10) @Max(86_400_000) PROVIDER_RETRY_MAX_MS = 300_000;
  /** How often idle workers look for provider jobs queued by other replicas. */
  @Expose() @Type(() => Number) @IsInt() @Min(10) @Max(60_000) PROVIDER_JOB_POLL_MS = 500;
  /** Provider jobs run at once per replica. */
  @Expose() @Type(() => Number) @IsInt() @Min(1) @Max(64) PROVIDER_JOB_CONCURRENCY = 4;
}

/** Configuration of the payment-sync service (see ServiceEnv for the shared variables). */
export interface PaymentSyncEnv extends ServiceEnv {
  /** `PAYMENT_SECRETS_KEY`. */
  secretsKey: string;
  /** Where the SDKs call (stand-ins when configured) and their timeout. */
  endpoints: ProviderEndpoints;
  /** The provider job runner's timing. */
  jobs: ProviderJobOptions;
}

/** The shared service variables only (what migrations need). */
export const paymentSyncServiceEnv = (source: NodeJS.ProcessEnv = process.env): ServiceEnv =>
  loadServiceEnv({ service: 'payment-sync', database: 'payments', httpPort: 3003 }, source);

export const paymentSyncEnv = (source: NodeJS.ProcessEnv = process.env): PaymentSyncEnv => {
  const vars = loadEnv(PaymentSyncEnvVars, source);
  return {
    ...paymentSyncServiceEnv(source),
    secretsKey: vars.PAYMENT_SECRETS_KEY,
    endpoints: {
      stripe: vars.STRIPE_API_BASE,
      adyen: vars.ADYEN_CHECKOUT_BASE,
      gocardless: vars.GOCARDLESS_API_BASE,
      timeoutMs: vars.PROVIDER_TIMEOUT_MS,
    },
    jobs: {
      pollMs: vars.PROVIDER_JOB_POLL_MS,
      retryBaseMs: vars.PROVIDER_RETRY_BASE_MS,
      retryMaxMs: Math.max(vars.PROVIDER_RETRY_MAX_MS, vars.PROVIDER_RETRY_BASE_MS),
      // Every call of a job (up to four for a GoCardless customer) may take the full timeout.
      leaseMs: vars.PROVIDER_TIMEOUT_MS * 6 + 5_000,
      concurrency: vars.PROVIDER_JOB_CONCURRENCY,
    },
  };
};
