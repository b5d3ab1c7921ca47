/**
 * Local stand-ins of Stripe, Adyen and GoCardless for tests and local runs: one plain HTTP server
 * that the official Node SDKs can be pointed at, in-memory state, failure injection, a request
 * journal, and senders of correctly signed webhooks. See spec/payment-providers.md §5.
 */
export { startProviderStubs } from './server';
export { signAdyenItem, signGoCardless, signStripe } from './signing';
export type { AdyenSignableItem } from './signing';
export { DEFAULT_HANG_MS } from './core/faults';
export { ControlError } from './core/control-error';
export { decodeForm } from './core/form-decode';
export type { FormObject, FormValue } from './core/form-decode';
export * from './types';
export type * from './stripe/stripe-types';
export type * from './adyen/adyen-types';
export type * from './gocardless/gocardless-types';
