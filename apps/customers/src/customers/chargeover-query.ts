import { CHARGEOVER_CUSTOM_FIELDS, CHARGEOVER_QUERY_FIELDS, type ChargeOverConditionV1, type ChargeOverQueryV1 } from '@app/contracts';
import { customerAmountsSql } from '../replicas/invoice-amounts.repository';

/** The SQL expression of each ChargeOver query field over the customers row aliased `c`. */
const EXPRESSIONS: Record<string, string> = {
  customer_id: 'c.sequential_id',
  superuser_id: 'c.sequential_id',
  parent_customer_id: `(c.chargeover->>'parent_customer_id')::bigint`,
  bill_state: 'c.state',
  ship_state: 'c.shipping_state',
  bill_country: `c.chargeover->>'bill_country'`,
  ship_country: `c.chargeover->>'ship_country'`,
  external_key: 'case when c.external_id_generated then null else c.external_id end',
  token: `replace(c.id::text, '-', '')`,
  company: 'c.name',
  superuser_email: 'c.email',
  write_datetime: 'c.created_at',
  mod_datetime: 'c.updated_at',
  // Every live customer is active; whether it is overdue comes from the copy of its invoices.
  customer_status_state: `'a'`,
  customer_status_str: `case when ${customerAmountsSql('c').overdue} then 'active-overdue' else 'active-current' end`,
  ...Object.fromEntries(CHARGEOVER_CUSTOM_FIELDS.map((f) => [f, `c.chargeover->>'${f}'`])),
};

// Every field the gateway may send has an expression (checked when the module loads).
for (const field of Object.keys(CHARGEOVER_QUERY_FIELDS)) if (!EXPRESSIONS[field]) throw new Error(`no SQL for ChargeOver field ${field}`);

function expression(field: string): string {
  const sql = Object.prototype.hasOwnProperty.call(EXPRESSIONS, field) ? EXPRESSIONS[field] : undefined;
  if (!sql) throw new UnknownFieldError(field);
  return sql;
}

/** A field outside CHARGEOVER_QUERY_FIELDS (the gateway refuses these first). */
export class UnknownFieldError extends Error {}

/** Escapes LIKE wildcards so a CONTAINS value matches literally. */
const likeLiteral = (term: string) => term.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** One condition as SQL with its parameters. Text is compared as stored; CONTAINS ignores case. */
function condition({ field, op, value }: ChargeOverConditionV1): { sql: string; params: unknown[] } {
  const expr = expression(field);
  const kind = CHARGEOVER_QUERY_FIELDS[field];
  const param = kind === 'datetime' ? '?::timestamptz' : '?';
  const blank = kind === 'text' ? `(${expr} is null or ${expr} = '')` : `${expr} is null`;
  switch (op) {
    case 'IS:NULL':
      return { sql: blank, params: [] };
    case 'ISNOT:NULL':
      return { sql: `not ${blank}`, params: [] };
    case 'CONTAINS':
      return { sql: `(${expr})::text ilike ? escape '\\'`, params: [`%${likeLiteral(String(value))}%`] };
    case 'EQUALS':
      return { sql: `${expr} = ${param}`, params: [value] };
    case 'NOTEQUALS':
      return { sql: `${expr} is distinct from ${param}`, params: [value] };
    case 'GT':
      return { sql: `${expr} > ${param}`, params: [value] };
    case 'GTE':
      return { sql: `${expr} >= ${param}`, params: [value] };
    case 'LT':
      return { sql: `${expr} < ${param}`, params: [value] };
    case 'LTE':
      return { sql: `${expr} <= ${param}`, params: [value] };
  }
}

/** The WHERE clause (live customers of the organization, all conditions) and its parameters. */
export function whereSql(organizationId: string, where: ChargeOverConditionV1[]): { sql: string; params: unknown[] } {
  const parts = ['c.organization_id = ?', 'c.deleted_at is null'];
  const params: unknown[] = [organizationId];
  for (const term of where) {
    const built = condition(term);
    parts.push(built.sql);
    params.push(...built.params);
  }
  return { sql: parts.join(' and '), params };
}

/** The ORDER BY clause: the requested keys, then ChargeOver's default, customer_id ascending. */
export function orderSql(order: ChargeOverQueryV1['order']): string {
  const keys = order.map(({ field, direction }) => `${expression(field)} ${direction === 'DESC' ? 'desc' : 'asc'}`);
  return [...keys, 'c.sequential_id asc'].join(', ');
}
