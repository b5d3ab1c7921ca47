import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, validate } from 'class-validator';
import { CHARGEOVER_CUSTOM_FIELDS, countryCodeFromName, type ChargeOverExtrasV1, type ChargeOverLagoFieldsV1 } from '@app/contracts';
import { isLagoEmailList, normalizeEmail } from '../customers/email';
import { toInstance } from '../http/lago-validation';
import { ChargeOverError } from './chargeover-envelope';
import type { ChargeOverTables } from './chargeover-tables';

/** A text field: NUL bytes stripped, a number taken as its text (PHP clients send both). */
const text = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.replace(/\u0000/g, '') : typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
/** Blank text sent for a non-text field means no value, as for text (PHP clients send "" for unset ids). */
const blank = (value: unknown) => typeof value === 'string' && value.trim() === '';
/** An id: a string of digits is its number. */
const id = ({ value }: { value: unknown }) => (blank(value) ? null : typeof value === 'string' && /^\s*\d{1,10}\s*$/.test(value) ? Number(value) : value);
/** A delivery method, or blank for none. */
const choice = ({ value }: { value: unknown }) => (blank(value) ? null : value);
/** A flag: true/false, 1/0, "1"/"0", "true"/"false". */
const flag = ({ value }: { value: unknown }) => {
  if (blank(value)) return null;
  if (value === 1 || value === '1' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'false') return false;
  return value;
};
/** Tags: a list of words, or one comma-separated string. */
const tags = ({ value }: { value: unknown }) =>
  blank(value)
    ? null
    : typeof value === 'string'
    ? value.split(',').map((t) => t.trim()).filter(Boolean)
    : Array.isArray(value)
      ? value.map((t) => (typeof t === 'number' ? String(t) : t))
      : value;

const INVALID = { message: 'invalid' };
const TOO_LONG = { message: 'too_long' };
const Text = (max = 255) => [IsOptional(), Transform(text), IsString(INVALID), MaxLength(max, TOO_LONG)];
const Id = () => [IsOptional(), Transform(id), IsInt(INVALID), Min(1, INVALID), Max(2_147_483_647, INVALID)];
const Flag = () => [IsOptional(), Transform(flag), IsBoolean(INVALID)];
const Delivery = () => [IsOptional(), Transform(choice), IsIn(['email', 'print'], INVALID)];
const apply = (target: object, key: string, decorators: PropertyDecorator[]) => decorators.forEach((d) => d(target, key));

/** The body of `POST` and `PUT /api/v3/customer`: the fields of ChargeOver's create-customer page. */
export class ChargeOverCustomerBody {
  parent_customer_id?: number | null;
  external_key?: string | null;
  company?: string | null;
  language_id?: number | null;
  currency_id?: number | null;
  class_id?: number | null;
  admin_id?: number | null;
  campaign_id?: number | null;
  campaign_details?: string | null;
  superuser_username?: string | null;
  superuser_email?: string | null;
  superuser_name?: string | null;
  superuser_first_name?: string | null;
  superuser_last_name?: string | null;
  superuser_phone?: string | null;
  bill_addr1?: string | null;
  bill_addr2?: string | null;
  bill_addr3?: string | null;
  bill_city?: string | null;
  bill_state?: string | null;
  bill_postcode?: string | null;
  bill_country?: string | null;
  ship_addr1?: string | null;
  ship_addr2?: string | null;
  ship_addr3?: string | null;
  ship_city?: string | null;
  ship_state?: string | null;
  ship_postcode?: string | null;
  ship_country?: string | null;
  brand_id?: number | null;
  terms_id?: number | null;
  no_taxes?: boolean | null;
  no_dunning?: boolean | null;
  no_latefees?: boolean | null;
  no_procfees?: boolean | null;
  invoice_delivery?: 'email' | 'print' | null;
  dunning_delivery?: 'email' | 'print' | null;
  tax_ident?: string | null;
  tags?: string[] | null;
  [custom: `custom_${number}`]: string | null | undefined;
}

const body = ChargeOverCustomerBody.prototype;
for (const key of ['parent_customer_id', 'language_id', 'currency_id', 'class_id', 'admin_id', 'campaign_id', 'brand_id', 'terms_id']) apply(body, key, Id());
for (const key of ['external_key', 'company', 'superuser_username', 'superuser_name', 'superuser_first_name', 'superuser_last_name', 'superuser_phone', 'tax_ident']) {
  apply(body, key, Text());
}
for (const prefix of ['bill', 'ship']) for (const part of ['addr1', 'addr2', 'addr3', 'city', 'state', 'postcode', 'country']) apply(body, `${prefix}_${part}`, Text());
for (const key of CHARGEOVER_CUSTOM_FIELDS) apply(body, key, Text());
for (const key of ['no_taxes', 'no_dunning', 'no_latefees', 'no_procfees']) apply(body, key, Flag());
for (const key of ['invoice_delivery', 'dunning_delivery']) apply(body, key, Delivery());
apply(body, 'campaign_details', Text(1000));
apply(body, 'superuser_email', [
  IsOptional(),
  Transform(({ value }) => normalizeEmail(text({ value }))),
  IsString(INVALID),
  MaxLength(255, TOO_LONG),
]);
apply(body, 'tags', [IsOptional(), Transform(tags), IsArray(INVALID), ArrayMaxSize(50, TOO_LONG), IsString({ each: true, ...INVALID }), MaxLength(100, { each: true, ...TOO_LONG })]);

/** What a ChargeOver write asks of the customers service. */
export interface ChargeOverWrite {
  /** The external key: absent keeps it; null on create means "make one up". */
  external_id?: string | null;
  fields: ChargeOverLagoFieldsV1;
  extras: ChargeOverExtrasV1;
}

/** ChargeOver's own fields, stored as sent (after type checks). */
const EXTRA_KEYS = [
  'parent_customer_id',
  'class_id',
  'admin_id',
  'campaign_id',
  'campaign_details',
  'brand_id',
  'superuser_username',
  'no_taxes',
  'no_dunning',
  'no_latefees',
  'no_procfees',
  'invoice_delivery',
  'dunning_delivery',
  'tags',
  ...CHARGEOVER_CUSTOM_FIELDS,
] as const;

/**
 * Reads a ChargeOver customer body and maps it onto Lago's fields (spec A.9) and ChargeOver's
 * own. On create, absent and null mean "not set" and `company` is required; on update, only
 * the keys sent change, null (or "") clears, and `company` cannot be cleared. Unknown keys are
 * ignored. Any invalid value is ChargeOver's 400 with the fields in `details`; nothing is sent.
 */
export async function readChargeOverCustomer(raw: unknown, mode: 'create' | 'update', tables: ChargeOverTables): Promise<ChargeOverWrite> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw ChargeOverError.badRequest();
  const sent = raw as Record<string, unknown>;
  const input = toInstance(ChargeOverCustomerBody, sent);
  const errors = await validate(input, { whitelist: true, forbidNonWhitelisted: false, stopAtFirstError: true, forbidUnknownValues: false });
  const details: Record<string, string> = {};
  for (const error of errors) details[error.property] = Object.values(error.constraints ?? {})[0] ?? 'invalid';

  const has = (key: string) => Object.prototype.hasOwnProperty.call(sent, key) && input[key as keyof ChargeOverCustomerBody] !== undefined;
  /** The value sent: undefined when absent; null for null or blank text (on create both mean absent). */
  const value = <K extends keyof ChargeOverCustomerBody>(key: K): ChargeOverCustomerBody[K] | null | undefined => {
    if (!has(key)) return undefined;
    const v = input[key];
    const blank = v === null || (typeof v === 'string' && v.trim() === '');
    if (blank) return mode === 'create' ? undefined : null;
    return v;
  };

  const company = value('company');
  if (mode === 'create' ? company === undefined : company === null) details.company ??= 'required';
  const email = value('superuser_email');
  if (typeof email === 'string' && !isLagoEmailList(email)) details.superuser_email = 'invalid';
  const lookup = <T>(key: 'currency_id' | 'language_id' | 'terms_id', table: ReadonlyMap<number, T>): T | null | undefined => {
    const v = value(key);
    if (typeof v !== 'number') return v as null | undefined;
    if (!table.has(v)) details[key] ??= 'unknown_id';
    return table.get(v);
  };
  const currency = lookup('currency_id', tables.currencies);
  const locale = lookup('language_id', tables.languages);
  const days = lookup('terms_id', tables.terms);
  const externalKey = value('external_key');
  // A customer's external key can be set or kept, never removed: Lago clients know it by it.
  if (mode === 'update' && externalKey === null) details.external_key ??= 'invalid';
  if (Object.keys(details).length > 0) throw ChargeOverError.badRequest(details);

  const fields: ChargeOverLagoFieldsV1 = {};
  const extras: ChargeOverExtrasV1 = {};
  const set = <K extends keyof ChargeOverLagoFieldsV1>(key: K, v: ChargeOverLagoFieldsV1[K] | undefined) => {
    if (v !== undefined) fields[key] = v;
  };
  set('name', company);
  set('email', email);
  set('phone', value('superuser_phone'));
  set('tax_identification_number', value('tax_ident'));
  set('currency', currency);
  set('net_payment_term', days);
  if (locale !== undefined) fields.billing_configuration = { document_locale: locale };
  names(value('superuser_name'), value('superuser_first_name'), value('superuser_last_name'), fields);

  const address = (prefix: 'bill' | 'ship') => ({
    address_line1: value(`${prefix}_addr1`),
    address_line2: joinLines(value(`${prefix}_addr2`), value(`${prefix}_addr3`)),
    city: value(`${prefix}_city`),
    state: value(`${prefix}_state`),
    zipcode: value(`${prefix}_postcode`),
  });
  for (const [key, v] of Object.entries(address('bill'))) set(key as keyof ChargeOverLagoFieldsV1, v);
  const shipping = Object.fromEntries(Object.entries(address('ship')).filter(([, v]) => v !== undefined));
  // Countries are free text in ChargeOver: Lago gets the ISO code when the text names a country, and the text is kept as written.
  const bill = value('bill_country');
  if (bill !== undefined) {
    fields.country = countryCodeFromName(bill);
    extras.bill_country = bill;
  }
  const ship = value('ship_country');
  if (ship !== undefined) {
    shipping.country = countryCodeFromName(ship);
    extras.ship_country = ship;
  }
  if (Object.keys(shipping).length > 0) fields.shipping_address = shipping;

  for (const key of EXTRA_KEYS) {
    const v = value(key);
    if (v !== undefined) (extras as Record<string, unknown>)[key] = v;
  }
  return { ...(externalKey !== undefined || mode === 'create' ? { external_id: externalKey ?? null } : {}), fields, extras };
}

/** The deprecated third address line is kept at the end of the second. */
function joinLines(line2: string | null | undefined, line3: string | null | undefined): string | null | undefined {
  if (!line3) return line2;
  return line2 ? `${line2}, ${line3}` : line3;
}

/** The main contact's names: first and last as sent, or split from the full name when they are not. */
function names(full: string | null | undefined, first: string | null | undefined, last: string | null | undefined, fields: ChargeOverLagoFieldsV1): void {
  if (first !== undefined) fields.firstname = first;
  if (last !== undefined) fields.lastname = last;
  if (full === undefined || first !== undefined || last !== undefined) return;
  if (full === null) {
    fields.firstname = null;
    fields.lastname = null;
    return;
  }
  const [given, ...rest] = full.trim().split(/\s+/);
  fields.firstname = given ?? null;
  fields.lastname = rest.length > 0 ? rest.join(' ') : null;
}
