import { randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const UPPER_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `length` random characters drawn from `alphabet` (rejection sampling, so unbiased). */
export function randomChars(length: number, alphabet: string): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 256 - (256 % alphabet.length)) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A Stripe-style id: `<prefix>_` followed by 24 alphanumerics (e.g. `cus_…`, `pi_…`, `whsec_…`). */
export function stripeId(prefix: string): string {
  return `${prefix}_${randomChars(24, ALPHANUMERIC)}`;
}

/** An Adyen pspReference or stored-method id: 16 upper-case alphanumerics. */
export function adyenReference(): string {
  return randomChars(16, UPPER_ALPHANUMERIC);
}

/** An Adyen payment-link id: `PL` followed by 16 upper-case alphanumerics. */
export function adyenPaymentLinkId(): string {
  return `PL${randomChars(16, UPPER_ALPHANUMERIC)}`;
}

/** A GoCardless-style id: the upper-case prefix (`CU`, `BRQ`, `MD`, `PM`, `EV`…) and 12 upper-case alphanumerics. */
export function goCardlessId(prefix: string): string {
  return `${prefix}${randomChars(12, UPPER_ALPHANUMERIC)}`;
}

/** Seconds since the epoch (Stripe's `created`). */
export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

/** `YYYY-MM-DD` for today plus `days` (UTC). */
export function isoDate(days = 0): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
