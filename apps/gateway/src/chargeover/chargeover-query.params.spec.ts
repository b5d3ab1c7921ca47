import { ChargeOverError } from './chargeover-envelope';
import { DEFAULT_LIMIT, MAX_LIMIT, parseChargeOverQuery, parseChargeOverTime, parseCondition, parseWhere } from './chargeover-query.params';

/** The ChargeOverError `fn` throws (fails the test otherwise); always ChargeOver's 400. */
function badRequestOf(fn: () => unknown): ChargeOverError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ChargeOverError);
  const error = thrown as ChargeOverError;
  expect(error.status).toBe(400);
  expect(error.message).toBe('Missing or invalid parameter.');
  return error;
}

describe('parseChargeOverTime', () => {
  it.each([
    ['2024-01-15', '2024-01-15T00:00:00.000Z'],
    ['2024-01-15 10:20:30', '2024-01-15T10:20:30.000Z'],
    ['2024-01-15T10:20:30', '2024-01-15T10:20:30.000Z'],
    ['2024-01-15 10:20', '2024-01-15T10:20:00.000Z'],
    ['  2024-02-29 23:59:59  ', '2024-02-29T23:59:59.000Z'],
  ])('%p is %p (read as UTC)', (text, iso) => {
    expect(parseChargeOverTime(text)).toBe(iso);
  });

  it.each([
    ['Feb 30', '2024-02-30'],
    ['Feb 29 of a common year', '2023-02-29'],
    ['month 13', '2024-13-01'],
    ['day 0', '2024-01-00'],
    ['hour 24', '2024-01-15 24:00:00'],
    ['minute 60', '2024-01-15 10:60:00'],
    ['second 60', '2024-01-15 10:20:60'],
    ['free text', 'yesterday'],
    ['a unix time', '1705312800'],
    ['a zone suffix', '2024-01-15T10:20:30Z'],
    ['slashes', '2024/01/15'],
    ['empty', ''],
  ])('%s (%p) is null', (_label, text) => {
    expect(parseChargeOverTime(text)).toBeNull();
  });
});

describe('parseCondition', () => {
  it.each([
    ['EQUALS', 'company:EQUALS:Acme', { field: 'company', op: 'EQUALS', value: 'Acme' }],
    ['NOTEQUALS', 'bill_state:NOTEQUALS:CA', { field: 'bill_state', op: 'NOTEQUALS', value: 'CA' }],
    ['GT', 'customer_id:GT:10', { field: 'customer_id', op: 'GT', value: 10 }],
    ['LT', 'customer_id:LT:20', { field: 'customer_id', op: 'LT', value: 20 }],
    ['GTE', 'superuser_id:GTE:3', { field: 'superuser_id', op: 'GTE', value: 3 }],
    ['LTE', 'parent_customer_id:LTE:4', { field: 'parent_customer_id', op: 'LTE', value: 4 }],
    ['CONTAINS', 'superuser_email:CONTAINS:@acme', { field: 'superuser_email', op: 'CONTAINS', value: '@acme' }],
    ['IS:NULL', 'external_key:IS:NULL', { field: 'external_key', op: 'IS:NULL', value: null }],
    ['ISNOT:NULL', 'custom_5:ISNOT:NULL', { field: 'custom_5', op: 'ISNOT:NULL', value: null }],
  ])('%s', (_op, term, condition) => {
    expect(parseCondition(term)).toStrictEqual(condition);
  });

  it('a value may contain colons', () => {
    expect(parseCondition('custom_1:EQUALS:a:b:c')).toStrictEqual({ field: 'custom_1', op: 'EQUALS', value: 'a:b:c' });
  });

  it('a datetime value with a time keeps its colons', () => {
    expect(parseCondition('mod_datetime:LT:2024-03-01 12:34:56')).toStrictEqual({ field: 'mod_datetime', op: 'LT', value: '2024-03-01T12:34:56.000Z' });
  });

  it('a datetime field accepts a bare date', () => {
    expect(parseCondition('write_datetime:GTE:2024-03-01')).toStrictEqual({ field: 'write_datetime', op: 'GTE', value: '2024-03-01T00:00:00.000Z' });
  });

  it('an integer field takes a negative integer as a number', () => {
    expect(parseCondition('customer_id:GT:-5')).toStrictEqual({ field: 'customer_id', op: 'GT', value: -5 });
  });

  it('a text field keeps digits as text', () => {
    expect(parseCondition('custom_2:EQUALS:007')).toStrictEqual({ field: 'custom_2', op: 'EQUALS', value: '007' });
  });

  it('CONTAINS on an integer field keeps the value as text', () => {
    expect(parseCondition('customer_id:CONTAINS:12')).toStrictEqual({ field: 'customer_id', op: 'CONTAINS', value: '12' });
  });

  it.each([
    ['text', 'customer_id:EQUALS:abc'],
    ['a decimal', 'customer_id:EQUALS:1.5'],
    ['empty', 'superuser_id:EQUALS:'],
    ['too many digits', 'parent_customer_id:EQUALS:1234567890123456'],
  ])('an integer field refuses %s', (_label, term) => {
    const field = term.split(':')[0]!;
    expect(badRequestOf(() => parseCondition(term)).details).toStrictEqual({ where: `${field} takes an integer` });
  });

  it.each([
    ['Feb 30', 'write_datetime:GT:2024-02-30'],
    ['free text', 'mod_datetime:LT:last week'],
    ['a date with a zone', 'write_datetime:GT:2024-01-01T00:00:00Z'],
  ])('a datetime field refuses %s', (_label, term) => {
    const field = term.split(':')[0]!;
    expect(badRequestOf(() => parseCondition(term)).details).toStrictEqual({ where: `${field} takes YYYY-MM-DD HH:MM:SS` });
  });

  it.each(['name:EQUALS:x', 'COMPANY:EQUALS:x', 'custom_21:EQUALS:x', 'constructor:EQUALS:x', '__proto__:EQUALS:x', 'email'])('unknown field %p is 400', (term) => {
    const field = term.split(':')[0]!;
    expect(badRequestOf(() => parseCondition(term)).details).toStrictEqual({ where: `unknown field "${field}"` });
  });

  it('the unknown field is cut to 50 characters in details', () => {
    const field = 'f'.repeat(80);
    expect(badRequestOf(() => parseCondition(`${field}:EQUALS:x`)).details).toStrictEqual({ where: `unknown field "${'f'.repeat(50)}"` });
  });

  it.each([
    'company:LIKE:x',
    'company:equals:x',
    'company:EQUALS',
    'company:',
    'company',
    'company:IS:NOTNULL',
    'company:IS:NULL:x',
    'company:ISNOT:NULLX',
    'company:IS:x',
    'company:NULL:x',
  ])('operator of %p is 400', (term) => {
    expect(badRequestOf(() => parseCondition(term)).details).toStrictEqual({ where: `invalid operator in "${term}"` });
  });
});

describe('parseWhere', () => {
  it('no where is no condition', () => {
    expect(parseWhere({})).toStrictEqual([]);
  });

  it('splits on commas, trims terms and skips empty ones', () => {
    expect(parseWhere({ where: ' company:EQUALS:Acme , ,bill_state:EQUALS:CA,' })).toStrictEqual([
      { field: 'company', op: 'EQUALS', value: 'Acme' },
      { field: 'bill_state', op: 'EQUALS', value: 'CA' },
    ]);
  });

  it('an escaped comma stays in the value', () => {
    expect(parseWhere({ where: 'company:EQUALS:Acme\\, Inc.,customer_id:GT:5' })).toStrictEqual([
      { field: 'company', op: 'EQUALS', value: 'Acme, Inc.' },
      { field: 'customer_id', op: 'GT', value: 5 },
    ]);
  });

  it('a backslash not before a comma is kept', () => {
    expect(parseWhere({ where: 'custom_1:EQUALS:C:\\dir' })).toStrictEqual([{ field: 'custom_1', op: 'EQUALS', value: 'C:\\dir' }]);
  });

  it('a repeated where (array) is joined', () => {
    expect(parseWhere({ where: ['company:CONTAINS:acme', 'custom_1:IS:NULL'] })).toStrictEqual([
      { field: 'company', op: 'CONTAINS', value: 'acme' },
      { field: 'custom_1', op: 'IS:NULL', value: null },
    ]);
  });

  it.each([
    ['an object', { company: 'Acme' }],
    ['an array with an object', ['company:EQUALS:x', { a: 1 }]],
    ['a number', 5],
  ])('a where that is %s is 400', (_label, where) => {
    expect(badRequestOf(() => parseWhere({ where })).details).toStrictEqual({ where: 'invalid' });
  });

  it('one bad term fails the whole where', () => {
    expect(badRequestOf(() => parseWhere({ where: 'company:EQUALS:a,nope:EQUALS:b' })).details).toStrictEqual({ where: 'unknown field "nope"' });
  });
});

describe('parseChargeOverQuery', () => {
  it('defaults: no where, no order, limit 10, offset 0', () => {
    expect(DEFAULT_LIMIT).toBe(10);
    expect(parseChargeOverQuery({})).toStrictEqual({ where: [], order: [], limit: 10, offset: 0 });
  });

  it('reads every parameter', () => {
    expect(parseChargeOverQuery({ where: 'customer_id:GT:1', order: 'company:DESC', limit: '25', offset: '50' })).toStrictEqual({
      where: [{ field: 'customer_id', op: 'GT', value: 1 }],
      order: [{ field: 'company', direction: 'DESC' }],
      limit: 25,
      offset: 50,
    });
  });

  describe('order', () => {
    it('direction defaults to ASC and is case-insensitive', () => {
      expect(parseChargeOverQuery({ order: 'company,customer_id:desc,mod_datetime:Asc' }).order).toStrictEqual([
        { field: 'company', direction: 'ASC' },
        { field: 'customer_id', direction: 'DESC' },
        { field: 'mod_datetime', direction: 'ASC' },
      ]);
    });

    it.each(['name:ASC', 'company:UP', 'company:ASC:x', 'company:', 'toString'])('%p is 400', (order) => {
      expect(badRequestOf(() => parseChargeOverQuery({ order })).details).toStrictEqual({ order: `invalid order "${order}"` });
    });

    it('an object order is 400', () => {
      expect(badRequestOf(() => parseChargeOverQuery({ order: { company: 'ASC' } })).details).toStrictEqual({ order: 'invalid' });
    });
  });

  describe('limit and offset', () => {
    it.each([
      ['1', 1],
      ['500', 500],
      ['501', MAX_LIMIT],
      ['999999999', 500],
    ])('limit %p is %i', (limit, expected) => {
      expect(parseChargeOverQuery({ limit }).limit).toBe(expected);
    });

    it.each(['0', '-1', 'ten', '1.5', '', ' 5', '1e3', '1234567890'])('limit %p is 400', (limit) => {
      expect(badRequestOf(() => parseChargeOverQuery({ limit })).details).toStrictEqual({ limit: 'invalid' });
    });

    it('a repeated limit is 400', () => {
      expect(badRequestOf(() => parseChargeOverQuery({ limit: ['5', '6'] })).details).toStrictEqual({ limit: 'invalid' });
    });

    it.each([
      ['0', 0],
      ['30', 30],
    ])('offset %p is %i', (offset, expected) => {
      expect(parseChargeOverQuery({ offset }).offset).toBe(expected);
    });

    it.each(['-1', 'x', '2.5'])('offset %p is 400', (offset) => {
      expect(badRequestOf(() => parseChargeOverQuery({ offset })).details).toStrictEqual({ offset: 'invalid' });
    });
  });
});

describe('parseWhere: repeated where parameters', () => {
  it('reads each repetition on its own, so a value ending in a backslash does not swallow the next term', () => {
    expect(parseWhere({ where: ['company:EQUALS:a\\', 'bill_state:EQUALS:CA'] })).toEqual([
      { field: 'company', op: 'EQUALS', value: 'a\\' },
      { field: 'bill_state', op: 'EQUALS', value: 'CA' },
    ]);
  });
});
