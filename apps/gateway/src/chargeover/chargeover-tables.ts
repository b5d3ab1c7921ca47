import { CURRENCY_CODES } from '@app/contracts';
import { DOCUMENT_LOCALES } from '../customers/customer-nested';

/**
 * ChargeOver numbers currencies, languages and payment terms per account; these tables say what
 * each number means here. Configured with `CHARGEOVER_CURRENCY_IDS`, `CHARGEOVER_LANGUAGE_IDS`
 * and `CHARGEOVER_TERMS_IDS` (`id=value` pairs separated by commas); the defaults start with
 * ChargeOver's documented `1 = USD`.
 */
export interface ChargeOverTables {
  /** currency_id to ISO-4217 code. */
  currencies: ReadonlyMap<number, string>;
  /** language_id to Lago document locale. */
  languages: ReadonlyMap<number, string>;
  /** terms_id to days until an invoice is due (Lago's net_payment_term). */
  terms: ReadonlyMap<number, number>;
}

export const DEFAULT_CHARGEOVER_TABLES = {
  currencies: '1=USD,2=CAD,3=GBP,4=EUR,5=AUD,6=NZD,7=CHF,8=JPY,9=SEK,10=NOK,11=DKK,12=MXN,13=BRL,14=INR,15=ZAR',
  languages: '1=en,2=fr,3=de,4=es,5=it,6=nb,7=sv,8=pt-BR,9=zh-TW',
  terms: '1=0,2=7,3=10,4=15,5=30,6=45,7=60,8=90',
} as const;

/** Reads `id=value,...`; throws naming the table on a malformed pair, a repeated id or value, or a value `accept` refuses. */
export function parseIdTable<T>(name: string, text: string, accept: (value: string) => T | undefined): Map<number, T> {
  const table = new Map<number, T>();
  const seen = new Set<T>();
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^(\d{1,9})\s*=\s*(\S+)$/.exec(pair);
    const value = match ? accept(match[2]!) : undefined;
    if (!match || value === undefined || Number(match[1]) < 1) throw new Error(`${name}: "${pair}" is not <id>=<value> with a known value`);
    const id = Number(match[1]);
    if (table.has(id) || seen.has(value)) throw new Error(`${name}: "${pair}" repeats an id or a value`);
    table.set(id, value);
    seen.add(value);
  }
  return table;
}

export function chargeOverTables(source: { currencies: string; languages: string; terms: string }): ChargeOverTables {
  return {
    currencies: parseIdTable('CHARGEOVER_CURRENCY_IDS', source.currencies, (v) => (CURRENCY_CODES.includes(v) ? v : undefined)),
    languages: parseIdTable('CHARGEOVER_LANGUAGE_IDS', source.languages, (v) => (DOCUMENT_LOCALES.includes(v) ? v : undefined)),
    terms: parseIdTable('CHARGEOVER_TERMS_IDS', source.terms, (v) => (/^\d{1,4}$/.test(v) ? Number(v) : undefined)),
  };
}

/** The id of a value in a table, or null when the table has none. */
export function idOf<T>(table: ReadonlyMap<number, T>, value: T | null): number | null {
  if (value === null) return null;
  for (const [id, v] of table) if (v === value) return id;
  return null;
}
