import { DEFAULT_CHARGEOVER_TABLES, chargeOverTables, idOf, parseIdTable } from './chargeover-tables';

const upper = (v: string) => (/^[A-Z]{3}$/.test(v) ? v : undefined);

describe('parseIdTable', () => {
  it('reads id=value pairs, allowing spaces and empty pairs', () => {
    expect([...parseIdTable('T', ' 1=AAA, 2 = BBB ,,10=CCC,', upper)]).toStrictEqual([
      [1, 'AAA'],
      [2, 'BBB'],
      [10, 'CCC'],
    ]);
  });

  it('an empty text is an empty table', () => {
    expect(parseIdTable('T', '', upper).size).toBe(0);
  });

  it('keeps what accept returns', () => {
    expect(parseIdTable('T', '1=7,2=30', (v) => Number(v)).get(2)).toBe(30);
  });

  it.each(['USD', '1USD', '1:USD', 'x=USD', '1=', '=USD', '1=US D', '-1=USD', '1234567890=USD'])('malformed pair %p throws naming the table and the pair', (pair) => {
    expect(() => parseIdTable('MY_TABLE', `1=AAA,${pair}`, upper)).toThrow(`MY_TABLE: "${pair}" is not <id>=<value> with a known value`);
  });

  it('id 0 is refused', () => {
    expect(() => parseIdTable('MY_TABLE', '0=AAA', upper)).toThrow('MY_TABLE: "0=AAA" is not <id>=<value> with a known value');
  });

  it('a value accept refuses throws', () => {
    expect(() => parseIdTable('MY_TABLE', '1=AAA,2=bbb', upper)).toThrow('MY_TABLE: "2=bbb" is not <id>=<value> with a known value');
  });

  it('a repeated id throws', () => {
    expect(() => parseIdTable('MY_TABLE', '1=AAA,1=BBB', upper)).toThrow('MY_TABLE: "1=BBB" repeats an id or a value');
  });

  it('the same id written with a leading zero is a repeat', () => {
    expect(() => parseIdTable('MY_TABLE', '1=AAA,01=BBB', upper)).toThrow('MY_TABLE: "01=BBB" repeats an id or a value');
  });

  it('a repeated value throws', () => {
    expect(() => parseIdTable('MY_TABLE', '1=AAA,2=AAA', upper)).toThrow('MY_TABLE: "2=AAA" repeats an id or a value');
  });
});

describe('chargeOverTables', () => {
  const tables = chargeOverTables(DEFAULT_CHARGEOVER_TABLES);

  it('the defaults start with ChargeOver\'s 1 = USD', () => {
    expect(tables.currencies.get(1)).toBe('USD');
    expect(tables.currencies.get(4)).toBe('EUR');
    expect(tables.currencies.size).toBe(15);
  });

  it('languages are Lago document locales and terms are days', () => {
    expect(tables.languages.get(8)).toBe('pt-BR');
    expect(tables.terms.get(1)).toBe(0);
    expect(tables.terms.get(5)).toBe(30);
  });

  const valid = { currencies: '1=USD', languages: '1=en', terms: '1=30' };

  it.each([
    ['an unknown currency', { ...valid, currencies: '1=USD,2=XYZ' }, 'CHARGEOVER_CURRENCY_IDS: "2=XYZ"'],
    ['a lower-case currency', { ...valid, currencies: '1=usd' }, 'CHARGEOVER_CURRENCY_IDS: "1=usd"'],
    ['an unknown locale', { ...valid, languages: '1=en,2=xx' }, 'CHARGEOVER_LANGUAGE_IDS: "2=xx"'],
    ['a locale Lago does not have', { ...valid, languages: '1=pt' }, 'CHARGEOVER_LANGUAGE_IDS: "1=pt"'],
    ['terms that are not days', { ...valid, terms: '1=net30' }, 'CHARGEOVER_TERMS_IDS: "1=net30"'],
    ['terms over 4 digits', { ...valid, terms: '1=10000' }, 'CHARGEOVER_TERMS_IDS: "1=10000"'],
    ['a malformed currency pair', { ...valid, currencies: 'USD' }, 'CHARGEOVER_CURRENCY_IDS: "USD"'],
  ])('%s throws naming the variable and the pair', (_label, source, message) => {
    expect(() => chargeOverTables(source)).toThrow(message);
  });

  it('a repeated currency throws naming the variable', () => {
    expect(() => chargeOverTables({ ...valid, currencies: '1=USD,2=USD' })).toThrow('CHARGEOVER_CURRENCY_IDS: "2=USD" repeats an id or a value');
  });
});

describe('idOf', () => {
  const tables = chargeOverTables(DEFAULT_CHARGEOVER_TABLES);

  it.each([
    ['USD', 1],
    ['EUR', 4],
    ['ZAR', 15],
  ])('currency %s is id %i', (code, id) => {
    expect(idOf(tables.currencies, code)).toBe(id);
  });

  it('a value not in the table is null', () => {
    expect(idOf(tables.currencies, 'PLN')).toBeNull();
    expect(idOf(tables.terms, 20)).toBeNull();
  });

  it('null is null', () => {
    expect(idOf(tables.currencies, null)).toBeNull();
  });

  it('0 days is a value, not "none"', () => {
    expect(idOf(tables.terms, 0)).toBe(1);
  });
});

describe('parseIdTable: values compared as read', () => {
  it('refuses two ids for one number of days written differently', () => {
    expect(() => chargeOverTables({ ...DEFAULT_CHARGEOVER_TABLES, terms: '1=7,2=07' })).toThrow(/repeats an id or a value/);
  });
});
