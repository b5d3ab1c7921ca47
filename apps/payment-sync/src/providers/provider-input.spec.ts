import { payableStatusOf } from './payment-provider';
import { displayName, firstEmail, headerValue, lastChars, stringEntries, withoutBlanks } from './provider-input';

describe('provider input shaping', () => {
  it('sends the first address of a comma-separated list, trimmed, and null when there is none', () => {
    expect(firstEmail(' billing@acme.test , ops@acme.test')).toBe('billing@acme.test');
    expect(firstEmail('solo@acme.test')).toBe('solo@acme.test');
    expect(firstEmail(' , ops@acme.test')).toBeNull();
    expect(firstEmail(null)).toBeNull();
  });

  it('names the customer by name, else "firstname lastname" without blank parts', () => {
    expect(displayName({ name: 'Acme Ltd', firstname: 'Ada', lastname: 'Lovelace' })).toBe('Acme Ltd');
    expect(displayName({ name: '  ', firstname: 'Ada', lastname: 'Lovelace' })).toBe('Ada Lovelace');
    expect(displayName({ name: null, firstname: null, lastname: 'Lovelace' })).toBe('Lovelace');
    expect(displayName({ name: null, firstname: null, lastname: null })).toBeNull();
  });

  it('keeps the last characters of a long reference (the invoice number sits at the end)', () => {
    const reference = `${'Billing entity with a very long name '.repeat(3)}- Invoice ACM-2026-000042`;
    const cut = lastChars(reference, 80);
    expect(cut).toHaveLength(80);
    expect(cut.endsWith('Invoice ACM-2026-000042')).toBe(true);
    expect(lastChars('short', 80)).toBe('short');
  });

  it('drops null, undefined and blank entries', () => {
    expect(withoutBlanks({ email: 'a@b.test', company_name: '', given_name: null, family_name: undefined, city: ' ' })).toEqual({ email: 'a@b.test' });
  });

  it('finds a header whatever the case of its name', () => {
    expect(headerValue({ 'Stripe-Signature': 't=1,v1=ab' }, 'stripe-signature')).toBe('t=1,v1=ab');
    expect(headerValue({ 'webhook-signature': 'ff' }, 'Webhook-Signature')).toBe('ff');
    expect(headerValue({ other: 'x' }, 'webhook-signature')).toBeNull();
    expect(headerValue({ 'webhook-signature': '' }, 'webhook-signature')).toBeNull();
  });

  it('keeps only string metadata values', () => {
    expect(stringEntries({ lago_payable_id: 'p1', count: 3, nested: { a: 'b' }, none: null })).toEqual({ lago_payable_id: 'p1' });
    expect(stringEntries(null)).toEqual({});
  });

  it.each([
    ['stripe', 'requires_action', 'processing'],
    ['stripe', 'requires_payment_method', 'failed'],
    ['stripe', 'succeeded', 'succeeded'],
    ['adyen', 'Authorised', 'succeeded'],
    ['adyen', 'Received', 'processing'],
    ['adyen', 'Refused', 'failed'],
    ['adyen', 'RedirectShopper', 'RedirectShopper'],
    ['gocardless', 'pending_submission', 'processing'],
    ['gocardless', 'paid_out', 'succeeded'],
    ['gocardless', 'charged_back', 'failed'],
  ] as const)('maps %s status %s to %s', (type, status, mapped) => {
    expect(payableStatusOf(type, status)).toBe(mapped);
  });
});
