import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, ValidateBy, type ValidationError, type ValidationOptions } from 'class-validator';
import { LagoError } from './lago-errors';

/**
 * Validation options that make a failed constraint report a Lago error code. The code travels
 * as the constraint's message, which class-validator records on every failure (it attaches
 * `context` only when the constraint also produced a message, so custom validators lost it).
 */
export const lago = (code: string, options: ValidationOptions = {}): ValidationOptions => ({ ...options, message: code });

const LAGO_CODE = /^[a-z][a-z0-9_]*$/;

/**
 * Reads `body[root]` as a Lago request: a missing, empty or non-object root is Lago's 400; the
 * fields are validated with class-validator and every failure becomes a Lago code under its
 * field in a 422. Unknown keys are dropped; keys the client did not send stay absent, so the
 * owner can tell "absent" (keep) from `null` (clear).
 */
export async function readLagoBody<T extends object>(
  body: unknown,
  root: string,
  cls: ClassConstructor<T>,
  extras?: (raw: Record<string, unknown>, details: Record<string, unknown>) => void,
): Promise<T> {
  const value = lagoRoot(body, root);
  const instance = toInstance(cls, value);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: false, stopAtFirstError: true, forbidUnknownValues: false });
  const details: Record<string, unknown> = toErrorDetails(errors);
  // Parts whose errors Lago reports under other names (nested records) are read by the caller.
  extras?.(value as Record<string, unknown>, details);
  if (Object.keys(details).length > 0) throw LagoError.validation(details);
  return instance;
}

/**
 * `plainToInstance` over a copy of the body without the `constructor` keys of its nested objects:
 * class-transformer 0.5.1 takes an object's own `constructor` for the class to build and throws, so
 * `{"tax": {"name": {"constructor": 1}}}` was a 500. The copy only feeds validation; readers keep
 * the body as sent.
 */
export function toInstance<T extends object>(cls: ClassConstructor<T>, plain: Record<string, unknown>): T {
  return plainToInstance(cls, withoutConstructorKeys(plain) as Record<string, unknown>, { exposeDefaultValues: false });
}

function withoutConstructorKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutConstructorKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, v]) => (key === 'constructor' ? [] : [[key, withoutConstructorKeys(v)]])));
}

/** `body[root]` as an object, or Lago's 400 for a missing, empty or non-object root (strong parameters' `require`). */
export function lagoRoot(body: unknown, root: string): Record<string, unknown> {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[root] : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0) throw LagoError.missingParam(root);
  return value as Record<string, unknown>;
}

/** Lago's `error_details`: field name to the list of codes. */
export function toErrorDetails(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const details: Record<string, string[]> = {};
  for (const error of errors) {
    const field = prefix + error.property;
    const codes = Object.values(error.constraints ?? {}).map((message) => (LAGO_CODE.test(message) ? message : 'value_is_invalid'));
    if (codes.length > 0) details[field] = [...new Set(codes)];
    if (error.children?.length) Object.assign(details, toErrorDetails(error.children, `${field}_`));
  }
  return details;
}

/**
 * Lago's handling of a scalar parameter (Rails strong parameters): a string with its NUL bytes
 * stripped, a number or boolean as its string, an object or array dropped (undefined, i.e.
 * absent); null stays null (it clears the field).
 */
export function lagoScalar(value: unknown): unknown {
  if (typeof value === 'object' && value !== null) return undefined;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  return typeof value === 'string' ? value.replace(/\u0000/g, '') : value;
}

/** `lagoScalar` as text: the string sent (a number or boolean as its text), else null. */
export function lagoString(value: unknown): string | null {
  const scalar = lagoScalar(value);
  return typeof scalar === 'string' ? scalar : null;
}

const INTEGER_TEXT = /^\s*-?\d+\s*$/;
const DECIMAL_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;

/** Rails' cast of a numeric field: a string of digits becomes its number; anything else is left as sent (and fails validation). */
export function railsInteger(value: unknown): unknown {
  return typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value;
}

/** `railsInteger` for decimal fields (`"20.5"` becomes 20.5). */
export function railsDecimal(value: unknown): unknown {
  return typeof value === 'string' && DECIMAL_TEXT.test(value) ? Number(value) : value;
}

/** `railsInteger` as a class-transformer `@Transform`. */
export const railsIntegerText = ({ value }: { value: unknown }): unknown => railsInteger(value);

/** `lagoScalar` as a class-transformer `@Transform`. */
export const lagoText = ({ value }: { value: unknown }): unknown => lagoScalar(value);

/**
 * Lago's presence rule on what strong parameters keep: a required key that is absent, null, or not
 * a scalar (dropped, as Rails drops an unpermitted hash) is `value_is_mandatory`, unless validation
 * already named what is wrong with it.
 */
export function requireKeys(raw: Record<string, unknown>, keys: readonly string[], details: Record<string, unknown>): void {
  for (const key of keys) {
    const value = lagoScalar(raw[key]);
    if (details[key] === undefined && (value === undefined || value === null)) details[key] = ['value_is_mandatory'];
  }
}

/**
 * On an update, `null` for a key the resource cannot be without is refused with `code` (absent
 * keeps the value). `@IsOptional()` lets null through, and the owner's NOT NULL column made it a 500.
 */
export function refuseNulls(raw: Record<string, unknown>, keys: readonly string[], details: Record<string, unknown>, code = 'value_is_mandatory'): void {
  for (const key of keys) if (raw[key] === null) details[key] = [code];
}

/** The keys a client sent: undefined means absent and is left out; null is kept (it clears). */
export function presentKeys<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}

/**
 * `value_is_out_of_range` for a number outside [min, max]; a value that is no number passes here
 * and is left to the type check (`value_is_invalid` alone, as Lago reports it).
 */
export const NumberInRange = (min: number, max: number) =>
  ValidateBy({ name: 'numberInRange', validator: { validate: (value: unknown) => typeof value !== 'number' || (value >= min && value <= max) } }, lago('value_is_out_of_range'));
