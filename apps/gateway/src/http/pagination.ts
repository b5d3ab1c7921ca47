const DEFAULT_PER_PAGE = 100;
const MAX_PER_PAGE = 100;

/**
 * Lago's paging parameters (Kaminari): `page` defaults to 1 and anything non-numeric or below 1
 * is page 1; `per_page` defaults to 100, a non-numeric value is 25, and 0 or more than 100 is a
 * 422 (decision 10.4), reported in `details`.
 */
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
  return typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : null;
}
