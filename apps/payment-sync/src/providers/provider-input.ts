import type { ProviderCustomerInput } from './payment-provider';

/** Pure shaping of Lago's customer and charge data into what the provider calls take (spec §1–3). */

/** The first address of a comma-separated list, trimmed; null when there is none. */
export function firstEmail(email: string | null): string | null {
  const first = (email ?? '').split(',')[0]?.trim() ?? '';
  return first === '' ? null : first;
}

/** `customer.name`, else `"firstname lastname"` (blank parts left out); null when all are blank. */
export function displayName(customer: Pick<ProviderCustomerInput, 'name' | 'firstname' | 'lastname'>): string | null {
  if (present(customer.name)) return customer.name;
  const joined = [customer.firstname, customer.lastname].filter(present).join(' ');
  return joined === '' ? null : joined;
}

/** The last `max` characters (Adyen's `reference` limit keeps the invoice number, which sits at the end). */
export function lastChars(text: string, max: number): string {
  return text.length <= max ? text : text.slice(text.length - max);
}

/** True for a string with something other than whitespace. */
export function present(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** The object without its null, undefined and blank-string entries (Lago's `.compact` / blank dropping). */
export function withoutBlanks<T extends Record<string, string | null | undefined>>(values: T): { [K in keyof T]?: string } {
  const out: { [K in keyof T]?: string } = {};
  for (const key of Object.keys(values) as (keyof T)[]) {
    const value = values[key];
    if (present(value)) out[key] = value;
  }
  return out;
}

/** A header's value whatever the case of its name (first value of a list). */
export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const first = Array.isArray(value) ? value[0] : value;
    return present(first) ? first : null;
  }
  return null;
}

/**
 * True for any non-null object. Unlike `instanceof Object`, this also holds for objects made in
 * another realm (Node's fetch and socket errors seen from a Jest VM context).
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Only the string entries of a provider metadata object (metadata values are strings, but payloads are untrusted). */
export function stringEntries(metadata: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(metadata)) return out;
  for (const [key, value] of Object.entries(metadata)) if (typeof value === 'string') out[key] = value;
  return out;
}
