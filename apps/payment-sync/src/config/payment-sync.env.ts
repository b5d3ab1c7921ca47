import { loadServiceEnv, type ServiceEnv } from '@app/messaging';

/** Configuration of the payment-sync service (see ServiceEnv for the variables). */
export type PaymentSyncEnv = ServiceEnv;

export const paymentSyncEnv = (source: NodeJS.ProcessEnv = process.env): PaymentSyncEnv =>
  loadServiceEnv({ service: 'payment-sync', database: 'payments', httpPort: 3003 }, source);
