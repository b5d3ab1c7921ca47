import { ValidateBy, type ValidationOptions } from 'class-validator';

const DASH_LOOKALIKES = /[\u2012\u2013\u2014\u2015\u2043\u2212]/g;
const INVISIBLE = /[\u200B\u200C\u200D\u200E\u200F\u00A0\uFEFF]/g;
// Local part: Unicode letters, marks, digits and RFC 5322 atext; domain: dot-separated labels.
const EMAIL = /^[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+)*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;

/** Lago's email normalisation: dash look-alikes become `-`, invisible characters go, trimmed. */
export function normalizeEmail(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.replace(/\u0000/g, '').replace(DASH_LOOKALIKES, '-').replace(INVISIBLE, '').trim();
}

/** One address, or a comma-separated list of addresses; blank is allowed (not validated). */
export function isLagoEmailList(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (value.trim() === '') return true;
  return value.split(',').every((item) => EMAIL.test(item.trim()));
}

export function IsLagoEmailList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isLagoEmailList', validator: { validate: (value) => isLagoEmailList(value) } }, options);
}
