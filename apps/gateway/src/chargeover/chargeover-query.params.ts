import { CHARGEOVER_OPERATORS, CHARGEOVER_QUERY_FIELDS, type ChargeOverConditionV1, type ChargeOverOperator, type ChargeOverQueryV1 } from '@app/contracts';
import { ChargeOverError } from './chargeover-envelope';

/** ChargeOver's page size when `limit` is not given, and the most one query returns. */
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 500;

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Splits on commas, except those escaped as `\,` (how ChargeOver's SDK escapes them in values). */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && text[i + 1] === ',') {
      current += ',';
      i++;
    } else if (ch === ',') {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.filter((t) => t.trim() !== '');
}

/** A query parameter's texts: one, or each of a repeated parameter; anything else is refused. */
function textParams(value: unknown, name: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw ChargeOverError.badRequest({ [name]: 'invalid' });
}

/** The comma-separated terms of a parameter, over all its repetitions. */
const termsOf = (value: unknown, name: string): string[] | undefined => textParams(value, name)?.flatMap(splitTerms);

/** A parameter given once. */
function textParam(value: unknown, name: string): string | undefined {
  const texts = textParams(value, name);
  if (texts !== undefined && texts.length !== 1) throw ChargeOverError.badRequest({ [name]: 'invalid' });
  return texts?.[0];
}

/** A `YYYY-MM-DD[ HH:MM[:SS]]` time, read as UTC, as ISO-8601; null when it is not one or not a real date. */
export function parseChargeOverTime(text: string): string | null {
  const m = DATETIME.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1).map((v) => v ?? undefined) as string[];
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  const roundTrips =
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(mo) - 1 &&
    date.getUTCDate() === Number(d) &&
    date.getUTCHours() === Number(h) &&
    date.getUTCMinutes() === Number(mi) &&
    date.getUTCSeconds() === Number(s);
  return roundTrips ? date.toISOString() : null;
}

/** One `field:OPERATOR:value` term (`field:IS:NULL`, `field:ISNOT:NULL` without a value). */
export function parseCondition(term: string): ChargeOverConditionV1 {
  const first = term.indexOf(':');
  const field = first < 0 ? term : term.slice(0, first);
  const rest = first < 0 ? '' : term.slice(first + 1);
  const kind = Object.prototype.hasOwnProperty.call(CHARGEOVER_QUERY_FIELDS, field) ? CHARGEOVER_QUERY_FIELDS[field] : undefined;
  if (!kind) throw ChargeOverError.badRequest({ where: `unknown field "${field.slice(0, 50)}"` });
  if (rest === 'IS:NULL' || rest === 'ISNOT:NULL') return { field, op: rest, value: null };
  const second = rest.indexOf(':');
  const op = (second < 0 ? rest : rest.slice(0, second)) as ChargeOverOperator;
  if (second < 0 || !(CHARGEOVER_OPERATORS as readonly string[]).includes(op) || op === 'IS:NULL' || op === 'ISNOT:NULL') {
    throw ChargeOverError.badRequest({ where: `invalid operator in "${term.slice(0, 100)}"` });
  }
  const raw = rest.slice(second + 1);
  if (op === 'CONTAINS') return { field, op, value: raw };
  if (kind === 'integer') {
    if (!/^-?\d{1,15}$/.test(raw)) throw ChargeOverError.badRequest({ where: `${field} takes an integer` });
    return { field, op, value: Number(raw) };
  }
  if (kind === 'datetime') {
    const iso = parseChargeOverTime(raw);
    if (!iso) throw ChargeOverError.badRequest({ where: `${field} takes YYYY-MM-DD HH:MM:SS` });
    return { field, op, value: iso };
  }
  return { field, op, value: raw };
}

/** `field:ASC|DESC` keys, comma-separated; the direction defaults to ASC. */
function parseOrder(terms: string[] | undefined): ChargeOverQueryV1['order'] {
  return (terms ?? []).map((term) => {
    const [field = '', direction = 'ASC', extra] = term.trim().split(':');
    const dir = direction.toUpperCase();
    if (extra !== undefined || !Object.prototype.hasOwnProperty.call(CHARGEOVER_QUERY_FIELDS, field) || (dir !== 'ASC' && dir !== 'DESC')) {
      throw ChargeOverError.badRequest({ order: `invalid order "${term.slice(0, 100)}"` });
    }
    return { field, direction: dir };
  });
}

function parseCount(value: unknown, name: string, fallback: number, min: number): number {
  const text = textParam(value, name);
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text) || Number(text) < min) throw ChargeOverError.badRequest({ [name]: 'invalid' });
  return Number(text);
}

/** The `where` conditions of a query string. */
export function parseWhere(query: Record<string, unknown>): ChargeOverConditionV1[] {
  return (termsOf(query.where, 'where') ?? []).map((t) => parseCondition(t.trim()));
}

/**
 * `GET /api/v3/customer?where=...&order=...&limit=...&offset=...`: every term checked against
 * the documented fields and the nine operators (400 otherwise); a limit above 500 returns 500.
 */
export function parseChargeOverQuery(query: Record<string, unknown>): ChargeOverQueryV1 {
  return {
    where: parseWhere(query),
    order: parseOrder(termsOf(query.order, 'order')),
    limit: Math.min(parseCount(query.limit, 'limit', DEFAULT_LIMIT, 1), MAX_LIMIT),
    offset: parseCount(query.offset, 'offset', 0, 0),
  };
}
