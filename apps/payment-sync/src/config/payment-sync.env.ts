import { Expose } from 'class-transformer';
import { IsBase64, IsString } from 'class-validator';
import { loadEnv, loadServiceEnv, type ServiceEnv } from '@app/messaging';

class PaymentSyncEnvVars {
  /** 32 random bytes, base64: the key that seals provider secrets at rest. No default: it must be configured. */
  @Expose() @IsString() @IsBase64() PAYMENT_SECRETS_KEY!: string;
}

/** Configuration of the payment-sync service (see ServiceEnv for the shared variables). */
export interface PaymentSyncEnv extends ServiceEnv {
  /** `PAYMENT_SECRETS_KEY`. */
  secretsKey: string;
}

/** The shared service variables only (what migrations need). */
export const paymentSyncServiceEnv = (source: NodeJS.ProcessEnv = process.env): ServiceEnv =>
  loadServiceEnv({ service: 'payment-sync', database: 'payments', httpPort: 3003 }, source);

export const paymentSyncEnv = (source: NodeJS.ProcessEnv = process.env): PaymentSyncEnv => ({
  ...paymentSyncServiceEnv(source),
  secretsKey: loadEnv(PaymentSyncEnvVars, source).PAYMENT_SECRETS_KEY,
});
