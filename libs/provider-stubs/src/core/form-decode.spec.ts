import { decodeForm, splitFormKey } from './form-decode';

describe('splitFormKey', () => {
  it.each([
    ['email', ['email']],
    ['metadata[lago_customer_id]', ['metadata', 'lago_customer_id']],
    ['line_items[0][price_data][currency]', ['line_items', '0', 'price_data', 'currency']],
    ['expand[]', ['expand', '']],
  ])('%s', (key, segments) => {
    expect(splitFormKey(key)).toEqual(segments);
  });
});

describe('decodeForm', () => {
  it('decodes flat fields and percent-encoding', () => {
    expect(decodeForm('email=a%40b.test&name=Jane+Doe')).toEqual({ email: 'a@b.test', name: 'Jane Doe' });
  });

  it('nests bracketed keys, encoded or not', () => {
    expect(decodeForm('metadata[a]=1&metadata%5Bb%5D=2&address[city]=Paris')).toEqual({
      metadata: { a: '1', b: '2' },
      address: { city: 'Paris' },
    });
  });

  it('builds arrays from indexed and empty brackets, compacting holes', () => {
    expect(decodeForm('payment_method_types[0]=card&payment_method_types[1]=sepa_debit&expand[]=x&expand[]=y&sparse[0]=a&sparse[5]=b')).toEqual({
      payment_method_types: ['card', 'sepa_debit'],
      expand: ['x', 'y'],
      sparse: ['a', 'b'],
    });
  });

  it('builds objects inside arrays', () => {
    expect(decodeForm('line_items[0][price_data][currency]=eur&line_items[0][quantity]=1&line_items[1][quantity]=2')).toEqual({
      line_items: [{ price_data: { currency: 'eur' }, quantity: '1' }, { quantity: '2' }],
    });
  });

  it('keeps empty strings (Stripe unsets a field with them)', () => {
    expect(decodeForm('metadata[old]=&description=')).toEqual({ metadata: { old: '' }, description: '' });
  });

  it('ignores prototype-polluting keys', () => {
    const decoded = decodeForm('__proto__[polluted]=yes&a[__proto__][x]=1');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(decoded).toEqual({ a: {} });
  });

  it('decodes the exact encoding of the Stripe SDK', () => {
    const body = 'amount=1000&currency=eur&confirm=true&metadata[lago_payment_id]=p-1&payment_method_types[0]=card';
    expect(decodeForm(body)).toEqual({
      amount: '1000',
      currency: 'eur',
      confirm: 'true',
      metadata: { lago_payment_id: 'p-1' },
      payment_method_types: ['card'],
    });
  });
});
