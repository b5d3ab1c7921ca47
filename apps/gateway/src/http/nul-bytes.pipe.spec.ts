import type { ArgumentMetadata } from '@nestjs/common';
import { StripNulBytesPipe, withoutNulBytes } from './nul-bytes.pipe';

const as = (type: ArgumentMetadata['type']): ArgumentMetadata => ({ type });

describe('StripNulBytesPipe', () => {
  const pipe = new StripNulBytesPipe();

  it('removes NUL characters from a path parameter', () => {
    expect(pipe.transform('\u0000', as('param'))).toBe('');
    expect(pipe.transform('cus\u0000_1\u0000', as('param'))).toBe('cus_1');
  });

  it('removes them from every string of a query, however nested, keeping keys and other values', () => {
    const query = { search_term: 'a\u0000b', countries: ['F\u0000R', 'DE'], metadata: { 'k\u0000': { deep: '\u0000x' } }, page: '2' };

    expect(pipe.transform(query, as('query'))).toStrictEqual({ search_term: 'ab', countries: ['FR', 'DE'], metadata: { 'k\u0000': { deep: 'x' } }, page: '2' });
  });

  it('leaves bodies and custom parameters to their readers', () => {
    const body = { customer: { external_id: 'a\u0000b' } };

    expect(pipe.transform(body, as('body'))).toBe(body);
    expect(pipe.transform('key\u0000', as('custom'))).toBe('key\u0000');
  });
});

describe('withoutNulBytes', () => {
  it('returns what has no string unchanged', () => {
    expect(withoutNulBytes(undefined)).toBeUndefined();
    expect(withoutNulBytes(null)).toBeNull();
    expect(withoutNulBytes(3)).toBe(3);
    expect(withoutNulBytes('plain')).toBe('plain');
  });

  it('keeps a __proto__ key an own property, never the prototype', () => {
    const stripped = withoutNulBytes(JSON.parse('{"__proto__": {"polluted": "y\\u0000es"}}')) as Record<string, unknown>;

    expect(Object.getPrototypeOf(stripped)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(stripped, '__proto__')?.value).toStrictEqual({ polluted: 'yes' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
