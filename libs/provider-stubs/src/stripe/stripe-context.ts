import type { Scenarios } from '../core/scenarios';
import type { StripeStore } from './stripe-store';

/** What the Stripe handlers work on. */
export interface StripeContext {
  store: StripeStore;
  scenarios: Scenarios;
  /** The stand-in's root URL (hosted pages such as `/checkout/cs_…` live there). */
  baseUrl: string;
}

/** A Stripe list object. */
export function stripeList<T>(url: string, data: T[]): { object: 'list'; data: T[]; has_more: boolean; url: string } {
  return { object: 'list', data, has_more: false, url };
}

/** Reads a Stripe `limit` (1–100, default 10). */
export function stripeLimit(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 100) : 10;
}
