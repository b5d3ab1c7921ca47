import { CHARGEOVER_CUSTOM_FIELDS, countryName, type ChargeOverCustomerV1 } from '@app/contracts';
import { idOf, type ChargeOverTables } from './chargeover-tables';

/** ChargeOver's timestamp: `YYYY-MM-DD HH:MM:SS`, no zone (ours are UTC). */
export function chargeOverTime(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
}

/** Minor units in the currency's major unit, as ChargeOver's decimal amounts (`1234` USD cents is `12.34`). */
export function chargeOverAmount(cents: number, currency: string | null): number {
  const digits = currency ? currencyDigits(currency) : 2;
  return Number((cents / 10 ** digits).toFixed(digits));
}

function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

function currencySymbol(currency: string | null): string | null {
  if (!currency) return null;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? null;
  } catch {
    return null;
  }
}

/** A printable address, one part per line, as ChargeOver's bill_block and ship_block. */
function block(lines: (string | null | undefined)[]): string {
  return lines.filter((line) => line !== null && line !== undefined && line.trim() !== '').join('\n');
}

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/**
 * The ChargeOver customer object, in ChargeOver's field names and formats (integer ids,
 * `YYYY-MM-DD HH:MM:SS` times, decimal amounts, countries as text), made from the Lago customer
 * and what ChargeOver stores beyond it. ChargeOver's main contact is part of the customer here:
 * `superuser_id` is the customer's id. Objects we do not have (classes, admins, payment methods,
 * hosted links) are null.
 */
export function toChargeOverCustomer(record: ChargeOverCustomerV1, tables: ChargeOverTables): Record<string, unknown> {
  const { customer: c, extras: x, amounts } = record;
  const billCountry = x.bill_country ?? countryName(c.country);
  const shipCountry = x.ship_country ?? countryName(c.shipping_address.country);
  const contactName = [c.firstname, c.lastname].filter(Boolean).join(' ') || null;
  const days = c.net_payment_term;
  const termsId = idOf(tables.terms, days);
  const cityLine = (city: string | null, state: string | null, zip: string | null) => [[city, state].filter(Boolean).join(', '), zip].filter(Boolean).join(' ');
  const token = c.lago_id.replace(/-/g, '');
  const overdue = amounts.overdue;
  return {
    customer_id: c.sequential_id,
    parent_customer_id: orNull(x.parent_customer_id),
    superuser_id: c.sequential_id,
    external_key: record.external_id_generated ? null : c.external_id,
    token,
    company: c.name,
    display_as: c.name,
    language_id: idOf(tables.languages, c.billing_configuration.document_locale ?? null),
    currency_id: idOf(tables.currencies, c.currency),
    currency_iso4217: c.currency,
    currency_symbol: currencySymbol(c.currency),
    class_id: orNull(x.class_id),
    class_name: null,
    admin_id: orNull(x.admin_id),
    admin_name: null,
    admin_email: null,
    campaign_id: orNull(x.campaign_id),
    campaign_details: orNull(x.campaign_details),
    brand_id: orNull(x.brand_id),
    terms_id: termsId,
    terms_name: days === null ? null : days === 0 ? 'Due on Receipt' : `Net ${days}`,
    terms_days: days,
    superuser_username: orNull(x.superuser_username),
    superuser_email: c.email,
    superuser_name: contactName,
    superuser_first_name: c.firstname,
    superuser_last_name: c.lastname,
    superuser_phone: c.phone,
    superuser_title: null,
    superuser_token: token,
    email: c.email,
    phone: c.phone,
    bill_addr1: c.address_line1,
    bill_addr2: c.address_line2,
    bill_addr3: null,
    bill_city: c.city,
    bill_state: c.state,
    bill_postcode: c.zipcode,
    bill_country: billCountry,
    bill_email: c.email,
    bill_notes: null,
    bill_block: block([c.name, c.address_line1, c.address_line2, cityLine(c.city, c.state, c.zipcode), billCountry]),
    ship_addr1: c.shipping_address.address_line1,
    ship_addr2: c.shipping_address.address_line2,
    ship_addr3: null,
    ship_city: c.shipping_address.city,
    ship_state: c.shipping_address.state,
    ship_postcode: c.shipping_address.zipcode,
    ship_country: shipCountry,
    ship_email: null,
    ship_notes: null,
    ship_block: block([
      c.shipping_address.address_line1,
      c.shipping_address.address_line2,
      cityLine(c.shipping_address.city, c.shipping_address.state, c.shipping_address.zipcode),
      shipCountry,
    ]),
    ...Object.fromEntries(CHARGEOVER_CUSTOM_FIELDS.map((f) => [f, orNull(x[f])])),
    no_taxes: x.no_taxes ?? false,
    no_dunning: x.no_dunning ?? false,
    no_latefees: x.no_latefees ?? false,
    no_procfees: x.no_procfees ?? false,
    invoice_delivery: x.invoice_delivery ?? 'email',
    dunning_delivery: x.dunning_delivery ?? 'email',
    tax_ident: c.tax_identification_number,
    tags: x.tags ?? [],
    default_paymethod: null,
    default_creditcard_id: null,
    default_ach_id: null,
    paid: chargeOverAmount(amounts.paid_cents, c.currency),
    total: chargeOverAmount(amounts.total_cents, c.currency),
    balance: chargeOverAmount(amounts.balance_cents, c.currency),
    url_paymethodlink: null,
    url_self: null,
    url_statementlink: null,
    write_datetime: chargeOverTime(c.created_at),
    write_ipaddr: null,
    mod_datetime: chargeOverTime(c.updated_at),
    mod_ipaddr: null,
    customer_status_id: overdue ? 2 : 1,
    customer_status_name: overdue ? 'Over Due' : 'Current',
    customer_status_str: overdue ? 'active-overdue' : 'active-current',
    customer_status_state: 'a',
  };
}
