import { COUNTRY_CODES, CURRENCY_CODES, type CustomerFiltersV1, type ListCustomersV1, type OrganizationContextV1 } from '@app/contracts';
import { checkBillingEntityCodes } from '../http/customer-lookup';
import { LagoError } from '../http/lago-errors';
import { presentKeys } from '../http/lago-validation';
import { readPaging } from '../http/pagination';

type Query = Record<string, unknown>;
type Details = Record<string, unknown>;

const oneOf = (values: readonly string[]) => `must be one of: ${values.join(', ')}`;

/**
 * Reads `GET /api/v1/customers` parameters (qs-parsed, so `countries[]=FR` is an array and
 * `metadata[key]=v` an object) the way Lago does: Kaminari paging, dry-validation messages in a
 * 422, unknown billing entity codes as a 404. Unknown parameters are ignored.
 */
export function parseListCustomersParams(query: Query, organization: OrganizationContextV1): ListCustomersV1 {
  const details: Details = {};
  const filters: CustomerFiltersV1 = {};

  const paging = readPaging(query, details);

  const string = (name: string): string | undefined => {
    const v = query[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      details[name] = ['must be a string'];
      return undefined;
    }
    return v;
  };
  const bool = (name: string): boolean | undefined => {
    const v = query[name];
    if (v === undefined) return undefined;
    if (v === 'true') return true;
    if (v === 'false') return false;
    details[name] = [oneOf(['true', 'false'])];
    return undefined;
  };
  const list = (name: string, allowed?: readonly string[]): string[] | undefined => {
    const v = query[name];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      details[name] = ['must be an array'];
      return undefined;
    }
    const errors: Record<string, string[]> = {};
    v.forEach((item, i) => {
      if (typeof item !== 'string') errors[String(i)] = ['must be a string'];
      else if (allowed && !allowed.includes(item)) errors[String(i)] = [oneOf(allowed)];
    });
    if (Object.keys(errors).length) details[name] = errors;
    return v as string[];
  };

  filters.external_id = string('external_id');
  const term = string('search_term')?.trim();
  if (term) filters.search_term = term;
  filters.account_types = list('account_type', ['customer', 'partner']) as CustomerFiltersV1['account_types'];
  const customerType = string('customer_type');
  if (customerType !== undefined) {
    if (customerType === 'company' || customerType === 'individual') filters.customer_type = customerType;
    else details.customer_type = [oneOf(['company', 'individual'])];
  }
  filters.has_customer_type = bool('has_customer_type');
  if (filters.has_customer_type === false && customerType !== undefined) {
    details.customer_type = ['must be nil when has_customer_type is false'];
  }
  filters.countries = list('countries', COUNTRY_CODES);
  filters.states = list('states');
  filters.zipcodes = list('zipcodes');
  filters.currencies = list('currencies', CURRENCY_CODES);
  filters.has_tax_identification_number = bool('has_tax_identification_number');
  filters.metadata = metadataFilter(query.metadata, details);

  if (Object.keys(details).length) throw LagoError.validation(details);

  // One billing entity per organization: naming it filters nothing, naming another is Lago's
  // 404; a value that is not an array is ignored, as Lago does.
  checkBillingEntityCodes(query.billing_entity_codes, organization);

  return { ...paging, filters: presentKeys(filters) };
}

function metadataFilter(value: unknown, details: Details): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    details.metadata = ['must be a hash'];
    return undefined;
  }
  const errors: Record<string, string[]> = {};
  const pairs: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') pairs[key] = v;
    else errors[key] = ['must be a string'];
  }
  if (Object.keys(errors).length) details.metadata = errors;
  return pairs;
}
