import type { ChargeOverConditionV1 } from '@app/contracts';
import { UnknownFieldError, orderSql, whereSql } from './chargeover-query';

const ORGANIZATION_ID = '5a1c0f3e-9d2b-4e7a-8c6f-1b2c3d4e5f60';
const BASE = 'c.organization_id = ? and c.deleted_at is null';

/** The SQL of one condition after the base clause, and its parameters. */
function one(condition: ChargeOverConditionV1): { sql: string; params: unknown[] } {
  const built = whereSql(ORGANIZATION_ID, [condition]);
  expect(built.sql.startsWith(`${BASE} and `)).toBe(true);
  expect(built.params[0]).toBe(ORGANIZATION_ID);
  return { sql: built.sql.slice(BASE.length + ' and '.length), params: built.params.slice(1) };
}

describe('whereSql', () => {
  it('no condition: the organization\'s live customers', () => {
    expect(whereSql(ORGANIZATION_ID, [])).toStrictEqual({ sql: BASE, params: [ORGANIZATION_ID] });
  });

  it.each([
    ['EQUALS', 'c.name = ?'],
    ['NOTEQUALS', 'c.name is distinct from ?'],
    ['GT', 'c.name > ?'],
    ['GTE', 'c.name >= ?'],
    ['LT', 'c.name < ?'],
    ['LTE', 'c.name <= ?'],
  ] as const)('%s on a text field is %s with the value as parameter', (op, sql) => {
    expect(one({ field: 'company', op, value: 'Acme' })).toStrictEqual({ sql, params: ['Acme'] });
  });

  it('a value with quotes and SQL is only ever a parameter', () => {
    const value = "O'Brien'); drop table customers; --";
    const built = whereSql(ORGANIZATION_ID, [
      { field: 'company', op: 'EQUALS', value },
      { field: 'custom_4', op: 'CONTAINS', value },
      { field: 'bill_country', op: 'NOTEQUALS', value },
    ]);

    expect(built.sql).not.toContain('Brien');
    expect(built.sql).not.toContain('drop table');
    expect(built.params).toStrictEqual([ORGANIZATION_ID, value, `%${value}%`, value]);
    expect(built.sql.split('?')).toHaveLength(built.params.length + 1);
  });

  it('conditions are joined with and, parameters in order', () => {
    const built = whereSql(ORGANIZATION_ID, [
      { field: 'customer_id', op: 'GT', value: 10 },
      { field: 'bill_state', op: 'EQUALS', value: 'CA' },
      { field: 'custom_1', op: 'IS:NULL', value: null },
      { field: 'superuser_email', op: 'LTE', value: 'm' },
    ]);

    expect(built).toStrictEqual({
      sql: `${BASE} and c.sequential_id > ? and c.state = ? and (c.chargeover->>'custom_1' is null or c.chargeover->>'custom_1' = '') and c.email <= ?`,
      params: [ORGANIZATION_ID, 10, 'CA', 'm'],
    });
  });

  describe('IS:NULL and ISNOT:NULL', () => {
    it('on a text field also match the empty string', () => {
      expect(one({ field: 'company', op: 'IS:NULL', value: null })).toStrictEqual({ sql: "(c.name is null or c.name = '')", params: [] });
      expect(one({ field: 'company', op: 'ISNOT:NULL', value: null })).toStrictEqual({ sql: "not (c.name is null or c.name = '')", params: [] });
    });

    it('on an integer field are a plain null test', () => {
      expect(one({ field: 'parent_customer_id', op: 'IS:NULL', value: null })).toStrictEqual({
        sql: "(c.chargeover->>'parent_customer_id')::bigint is null",
        params: [],
      });
      expect(one({ field: 'customer_id', op: 'ISNOT:NULL', value: null })).toStrictEqual({ sql: 'not c.sequential_id is null', params: [] });
    });

    it('on a datetime field are a plain null test', () => {
      expect(one({ field: 'mod_datetime', op: 'IS:NULL', value: null })).toStrictEqual({ sql: 'c.updated_at is null', params: [] });
    });
  });

  describe('CONTAINS', () => {
    it('is a case-insensitive LIKE with the value between wildcards', () => {
      expect(one({ field: 'company', op: 'CONTAINS', value: 'acme' })).toStrictEqual({ sql: "(c.name)::text ilike ? escape '\\'", params: ['%acme%'] });
    });

    it('escapes %, _ and the escape character itself', () => {
      expect(one({ field: 'custom_2', op: 'CONTAINS', value: '50%_off\\now' }).params).toStrictEqual(['%50\\%\\_off\\\\now%']);
    });

    it('works on an integer field through its text', () => {
      expect(one({ field: 'customer_id', op: 'CONTAINS', value: '12' })).toStrictEqual({ sql: "(c.sequential_id)::text ilike ? escape '\\'", params: ['%12%'] });
    });
  });

  describe('datetime fields', () => {
    it.each([
      ['write_datetime', 'c.created_at'],
      ['mod_datetime', 'c.updated_at'],
    ])('%s parameters are cast ::timestamptz', (field, column) => {
      const iso = '2024-03-01T12:34:56.000Z';

      expect(one({ field, op: 'GTE', value: iso })).toStrictEqual({ sql: `${column} >= ?::timestamptz`, params: [iso] });
      expect(one({ field, op: 'NOTEQUALS', value: iso })).toStrictEqual({ sql: `${column} is distinct from ?::timestamptz`, params: [iso] });
    });

    it('other kinds are not cast', () => {
      expect(one({ field: 'customer_id', op: 'EQUALS', value: 3 }).sql).toBe('c.sequential_id = ?');
    });
  });

  describe('field expressions', () => {
    it.each([
      ['customer_id', 'c.sequential_id'],
      ['superuser_id', 'c.sequential_id'],
      ['ship_state', 'c.shipping_state'],
      ['bill_country', "c.chargeover->>'bill_country'"],
      ['ship_country', "c.chargeover->>'ship_country'"],
      ['external_key', 'case when c.external_id_generated then null else c.external_id end'],
      ['token', "replace(c.id::text, '-', '')"],
      ['customer_status_state', "'a'"],
      ['custom_20', "c.chargeover->>'custom_20'"],
    ])('%s is %s', (field, expression) => {
      expect(one({ field, op: 'EQUALS', value: 'x' }).sql).toBe(`${expression} = ?`);
    });

    it('customer_status_str is computed from overdue invoices', () => {
      const { sql, params } = one({ field: 'customer_status_str', op: 'EQUALS', value: 'active-overdue' });

      expect(sql).toMatch(/^case when exists \(select 1 from invoice_amounts .+ then 'active-overdue' else 'active-current' end = \?$/);
      expect(sql).toContain('.customer_id = c.id');
      expect(params).toStrictEqual(['active-overdue']);
    });
  });

  it.each(['name', 'email', 'custom_21', 'constructor', 'toString', '__proto__'])('unknown field %p throws UnknownFieldError', (field) => {
    expect(() => whereSql(ORGANIZATION_ID, [{ field, op: 'EQUALS', value: 'x' }])).toThrow(UnknownFieldError);
  });
});

describe('orderSql', () => {
  it('no key: customer_id ascending', () => {
    expect(orderSql([])).toBe('c.sequential_id asc');
  });

  it('the requested keys, then customer_id ascending', () => {
    expect(
      orderSql([
        { field: 'company', direction: 'DESC' },
        { field: 'mod_datetime', direction: 'ASC' },
      ]),
    ).toBe('c.name desc, c.updated_at asc, c.sequential_id asc');
  });

  it('customer_id descending is still followed by the tie-breaker', () => {
    expect(orderSql([{ field: 'customer_id', direction: 'DESC' }])).toBe('c.sequential_id desc, c.sequential_id asc');
  });

  it('a direction other than DESC is asc', () => {
    expect(orderSql([{ field: 'custom_3', direction: 'sideways' as 'ASC' }])).toBe("c.chargeover->>'custom_3' asc, c.sequential_id asc");
  });

  it.each(['name', 'constructor', "company; drop table customers"])('unknown field %p throws UnknownFieldError', (field) => {
    expect(() => orderSql([{ field, direction: 'ASC' }])).toThrow(UnknownFieldError);
  });
});
