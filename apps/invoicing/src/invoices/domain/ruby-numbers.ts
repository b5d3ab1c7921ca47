/**
 * The few Ruby number rules Lago's amounts depend on. Lago computes fee amounts and taxes in
 * Ruby `Float` (IEEE-754 doubles, like JS numbers) and, where a fee subtotal is involved, in
 * `BigDecimal`; these helpers reproduce both so that every cent matches.
 */

/**
 * Ruby's `Float#round` with no digits: halves go away from zero (0.5 → 1, 2.5 → 3, -2.5 → -3).
 * Banker's rounding gives 2 for 2.5, and `Math.round(-2.5)` gives -2. Never returns -0.
 */
export function roundHalfAwayFromZero(value: number): number {
  const rounded = value < 0 ? -Math.round(-value) : Math.round(value);
  return rounded === 0 ? 0 : rounded;
}

/**
 * Ruby's `Float#round(digits)` for 1 ≤ digits ≤ 14 (MRI's `round_half_up`): halves away from
 * zero, with MRI's correction for a product `value * 10^digits` that lost precision.
 */
export function roundHalfAwayFromZeroTo(value: number, digits: number): number {
  if (!Number.isInteger(digits) || digits < 0 || digits > 14) throw new RangeError(`digits must be an integer in 0..14, got ${digits}`);
  if (digits === 0 || value === 0 || !Number.isFinite(value)) return roundHalfAwayFromZero(value);
  const scale = 10 ** digits;
  let rounded = roundHalfAwayFromZero(value * scale);
  if (value > 0 && (rounded + 0.5) / scale <= value) rounded += 1;
  if (value < 0 && (rounded - 0.5) / scale >= value) rounded -= 1;
  return rounded / scale;
}

const RUBY_FLOAT_PREFIX = /^[ \t\n\v\f\r]*([+-]?)(\d+(?:_\d+)*)?(?:\.(\d+(?:_\d+)*))?(?:[eE]([+-]?\d+(?:_\d+)*))?/;

/**
 * Ruby's `String#to_f`: the longest leading decimal number, ignoring leading whitespace and
 * single underscores between digits; no number at all gives 0 ("abc" → 0, "" → 0, "1.5kg" → 1.5).
 */
export function rubyStringToFloat(text: string): number {
  const match = RUBY_FLOAT_PREFIX.exec(text);
  if (!match || (match[2] === undefined && match[3] === undefined)) return 0;
  const [, sign, whole = '0', fraction = '0', exponent = '0'] = match;
  const value = Number(`${sign}${whole.replaceAll('_', '')}.${fraction.replaceAll('_', '')}e${exponent.replaceAll('_', '')}`);
  return value === 0 ? 0 : value;
}

/** Rails' `blank?` for an optional string: null, undefined, empty or only whitespace. */
export const isBlank = (value: string | null | undefined): value is null | undefined | '' =>
  value === null || value === undefined || /^\s*$/u.test(value);

/**
 * An exact decimal `coefficient × 10^exponent`, standing for a Ruby `BigDecimal`. Lago's fee
 * subtotal is a `BigDecimal` (`amount_cents - precise_coupons_amount_cents`), so a tax base times a
 * `Float` rate is exact in Ruby and only becomes a `Float` at `fdiv(100)`.
 */
export interface ExactDecimal {
  /** Integer coefficient. */
  readonly coefficient: bigint;
  /** Power of ten. */
  readonly exponent: number;
}

/** An integer number of cents as an exact decimal. */
export function exactInteger(value: number): ExactDecimal {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
  return { coefficient: BigInt(value), exponent: 0 };
}

/** BigDecimal's precision for a `Float` operand (`BIGDECIMAL_DOUBLE_FIGURES`). */
const DOUBLE_FIGURES = 16;

/**
 * A `Float` as BigDecimal reads it when it multiplies one: the shortest decimal that round-trips
 * (the same digits as JS `String(value)`), cut (not rounded) to 16 significant digits.
 */
export function exactFromFloat(value: number): ExactDecimal {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  if (value === 0) return { coefficient: 0n, exponent: 0 };
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) throw new RangeError(`unexpected number format: ${String(value)}`);
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  let digits = `${whole}${fraction}`.replace(/^0+/, '');
  let power = Number(exponent) - fraction.length;
  if (digits.length > DOUBLE_FIGURES) {
    power += digits.length - DOUBLE_FIGURES;
    digits = digits.slice(0, DOUBLE_FIGURES);
  }
  return { coefficient: BigInt(`${sign}${digits}`), exponent: power };
}

/** `a × b`, exactly. */
export const multiplyExact = (a: ExactDecimal, b: ExactDecimal): ExactDecimal => ({
  coefficient: a.coefficient * b.coefficient,
  exponent: a.exponent + b.exponent,
});

/** `a + b`, exactly. */
export function addExact(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  const exponent = Math.min(a.exponent, b.exponent);
  const scaled = (d: ExactDecimal) => d.coefficient * 10n ** BigInt(d.exponent - exponent);
  return { coefficient: scaled(a) + scaled(b), exponent };
}

/** `BigDecimal#to_f`: the nearest double (both Ruby's `strtod` and JS `Number` round correctly). */
export function exactToFloat(value: ExactDecimal): number {
  const result = Number(`${value.coefficient}e${value.exponent}`);
  return result === 0 ? 0 : result;
}
