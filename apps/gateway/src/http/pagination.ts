import { LagoError } from './lago-errors';
import { railsInteger } from './lago-validation';
const DEFAULT_PER_PAGE = 100;
const MAX_PER_PAGE = 100;

/**
 * Lago's paging parameters (Kaminari): `page` defaults to 1 and anything non-numeric or below 1
 * is page 1; `per_page` defaults to 100, a non-numeric value is 25, and 0 or more than 100 is a
 * 422 (decision 10.4), reported in `details`.
 */
/** `readPaging` for endpoints whose only query errors are paging ones: they are Lago's 422 at once. */
export function pagingOf(query: Record<string, unknown>): { page: number; per_page: number } {
  const details: Record<string, unknown> = {};
  const paging = readPaging(query, details);
  if (Object.keys(details).length) throw LagoError.validation(details);
  return paging;
}

export function readPaging(query: Record<string, unknown>, details: Record<string, unknown>): { page: number; per_page: number } {
  const page = toInteger(query.page);
  let perPage = DEFAULT_PER_PAGE;
  if (query.per_page !== undefined) {
    const n = toInteger(query.per_page);
    if (n === null) perPage = 25;
    else if (n < 1 || n > MAX_PER_PAGE) details.per_page = ['value_is_out_of_range'];
    else perPage = n;
  }
  return { page: page !== null && page >= 1 ? page : 1, per_page: perPage };
}

function toInteger(value: unknown): number | null {
  const n = railsInteger(value);
  return typeof value === 'string' && typeof n === 'number' ? n : null;
}
