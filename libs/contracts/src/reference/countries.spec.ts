import { COUNTRY_CODES, countryCodeFromName, countryName } from './countries';

describe('countryName', () => {
  it.each([
    ['US', 'United States'],
    ['GB', 'United Kingdom'],
    ['FR', 'France'],
    ['DE', 'Germany'],
    ['CA', 'Canada'],
    ['XK', 'Kosovo'],
  ])('%s is %s', (code, name) => {
    expect(countryName(code)).toBe(name);
  });

  it.each([
    ['a code outside the list', 'ZZ'],
    ['a lower-case code', 'us'],
    ['a three-letter code', 'USA'],
    ['a name', 'France'],
    ['empty', ''],
    ['null', null],
    ['undefined', undefined],
  ])('%s is null', (_label, code) => {
    expect(countryName(code)).toBeNull();
  });

  it('every accepted code has a name', () => {
    expect(COUNTRY_CODES.filter((code) => countryName(code) === null)).toStrictEqual([]);
  });
});

describe('countryCodeFromName', () => {
  it.each([
    ['FR', 'FR'],
    ['fr', 'FR'],
    ['Fr', 'FR'],
    [' de ', 'DE'],
    ['xk', 'XK'],
  ])('the code %p in any case is %s', (text, code) => {
    expect(countryCodeFromName(text)).toBe(code);
  });

  it.each([
    ['France', 'FR'],
    ['FRANCE', 'FR'],
    ['united states', 'US'],
    ['  United    Kingdom  ', 'GB'],
    ['Germany', 'DE'],
    ['Canada', 'CA'],
    ['Czechia', 'CZ'],
    ['Kosovo', 'XK'],
  ])('the English name %p is %s', (text, code) => {
    expect(countryCodeFromName(text)).toBe(code);
  });

  it.each([
    ['USA', 'US'],
    ['United States of America', 'US'],
    ['UK', 'GB'],
    ['uk', 'GB'],
    ['Great Britain', 'GB'],
    ['England', 'GB'],
    ['Holland', 'NL'],
    ['The Netherlands', 'NL'],
    ['South Korea', 'KR'],
    ['Russia', 'RU'],
    ['Czech Republic', 'CZ'],
    ['Ivory Coast', 'CI'],
    ["Cote d'Ivoire", 'CI'],
    ['UAE', 'AE'],
    ['Macedonia', 'MK'],
    ['Swaziland', 'SZ'],
  ])('the alias %p is %s', (text, code) => {
    expect(countryCodeFromName(text)).toBe(code);
  });

  it.each([
    ['U.S.A.', 'US'],
    ['U.S.', 'US'],
    ['u. s. a.', 'US'],
    ['St Lucia', 'LC'],
    ['St. Lucia', 'LC'],
  ])('dots and spacing are ignored: %p is %s', (text, code) => {
    expect(countryCodeFromName(text)).toBe(code);
  });

  it.each([
    ['an unknown name', 'Atlantis'],
    ['a foreign-language name', 'Deutschland'],
    ['a code outside the list', 'ZZ'],
    ['a three-letter ISO code', 'DEU'],
    ['a name with a typo', 'Frnace'],
    ['blank', '   '],
    ['empty', ''],
    ['null', null],
    ['undefined', undefined],
    ['an object property name', 'constructor'],
  ])('%s is null', (_label, text) => {
    expect(countryCodeFromName(text)).toBeNull();
  });

  it('the name of every code reads back as that code', () => {
    const mismatches = COUNTRY_CODES.filter((code) => countryCodeFromName(countryName(code)) !== code);

    expect(mismatches).toStrictEqual([]);
  });
});

describe('countryCodeFromName: dotted abbreviations', () => {
  it.each([
    ['U.K.', 'GB'],
    ['U.S.A.', 'US'],
    ['U.S.', 'US'],
    ['U.A.E.', 'AE'],
    ['St. Lucia', 'LC'],
  ])('%s is %s', (text, code) => {
    expect(countryCodeFromName(text)).toBe(code);
  });
});
