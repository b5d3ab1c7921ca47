import type { PaymentProviderResolutionV1 } from '@app/contracts';
import { applyProviderConfiguration, providerBillingView, type ProviderState } from './provider-configuration';

const fresh = (): ProviderState => ({ paymentProvider: null, paymentProviderCode: null, links: [] });
const found = (code: string, provider_type: 'stripe' | 'adyen' | 'gocardless' = 'stripe'): PaymentProviderResolutionV1 => ({ status: 'found', code, provider_type });
const linkedToStripe = (): ProviderState => ({
  paymentProvider: 'stripe',
  paymentProviderCode: 'stripe_1',
  links: [{ provider: 'stripe', code: 'stripe_1', provider_customer_id: 'cus_1', provider_payment_methods: ['card', 'sepa_debit'] }],
});

describe('applyProviderConfiguration', () => {
  it('AC-05: a new customer with a provider id is linked to the resolved connection, card by default', () => {
    const state = fresh();
    expect(applyProviderConfiguration(state, { payment_provider: 'stripe', payment_provider_code: 'S', provider_customer_id: 'stripe_id' }, found('S'), true)).toBeNull();
    expect(state.paymentProvider).toBe('stripe');
    expect(state.paymentProviderCode).toBe('S');
    expect(providerBillingView(state)).toEqual({ provider_customer_id: 'stripe_id', provider_payment_methods: ['card'] });
  });

  it('AC-06: the methods sent are kept in their order', () => {
    const state = fresh();
    applyProviderConfiguration(state, { payment_provider: 'stripe', provider_customer_id: 'x', provider_payment_methods: ['sepa_debit', 'card'] }, found('S'), true);
    expect(providerBillingView(state).provider_payment_methods).toEqual(['sepa_debit', 'card']);
  });

  it('the connection found without a code becomes the customer’s code', () => {
    const state = fresh();
    applyProviderConfiguration(state, { payment_provider: 'gocardless', sync_with_provider: true }, found('gc-main', 'gocardless'), true);
    expect(state.paymentProviderCode).toBe('gc-main');
    expect(providerBillingView(state)).toEqual({ provider_customer_id: null, sync_with_provider: true });
  });

  it('AC-27: an unknown connection, or an unknown provider with an id, is payment_provider_not_found', () => {
    expect(applyProviderConfiguration(fresh(), { payment_provider: 'stripe', payment_provider_code: 'stripe_1', provider_customer_id: 'x' }, { status: 'not_found' }, true)).toBe(
      'payment_provider_not_found',
    );
    expect(applyProviderConfiguration(fresh(), { payment_provider: 'foo', provider_customer_id: 'x' }, undefined, false)).toBe('payment_provider_not_found');
  });

  it('several connections of the type and no code is payment_provider_code_missing', () => {
    expect(applyProviderConfiguration(fresh(), { payment_provider: 'stripe', sync_with_provider: true }, { status: 'code_missing' }, true)).toBe('payment_provider_code_missing');
  });

  it('AC-28: a provider without sync or id is not stored on create, even an unknown one', () => {
    const state = fresh();
    expect(applyProviderConfiguration(state, { payment_provider: 'foo' }, undefined, true)).toBeNull();
    expect(applyProviderConfiguration(state, { payment_provider: 'stripe' }, found('S'), true)).toBeNull();
    expect(state).toEqual(fresh());
    expect(providerBillingView(state)).toEqual({});
  });

  it('AC-29: null removes the provider, its code and its account', () => {
    const state = linkedToStripe();
    expect(applyProviderConfiguration(state, { payment_provider: null }, undefined, false)).toBeNull();
    expect(state).toEqual(fresh());
  });

  it('an unknown provider on update clears the provider silently and keeps the account', () => {
    const state = linkedToStripe();
    expect(applyProviderConfiguration(state, { payment_provider: 'foo' }, undefined, false)).toBeNull();
    expect(state.paymentProvider).toBeNull();
    expect(state.links).toHaveLength(1);
  });

  it('AC-30: switching to gocardless keeps the stripe account, and switching back shows it again', () => {
    const state = linkedToStripe();
    expect(
      applyProviderConfiguration(state, { payment_provider: 'gocardless', payment_provider_code: 'gocardless_1', provider_customer_id: 'gocardless_id' }, found('gocardless_1', 'gocardless'), false),
    ).toBeNull();
    expect(state.paymentProvider).toBe('gocardless');
    expect(state.paymentProviderCode).toBe('gocardless_1');
    expect(providerBillingView(state)).toEqual({ provider_customer_id: 'gocardless_id' });
    expect(state.links.map((l) => l.provider)).toEqual(['stripe', 'gocardless']);
    applyProviderConfiguration(state, { payment_provider: 'stripe' }, found('stripe_1'), false);
    expect(providerBillingView(state)).toEqual({ provider_customer_id: 'cus_1', provider_payment_methods: ['card', 'sepa_debit'] });
  });

  it('switching to a provider type without a connection is refused', () => {
    expect(applyProviderConfiguration(linkedToStripe(), { payment_provider: 'adyen' }, { status: 'not_found' }, false)).toBe('payment_provider_not_found');
  });

  it('an existing Stripe account keeps its methods when none or [] are sent, and takes new ones', () => {
    const state = linkedToStripe();
    applyProviderConfiguration(state, { provider_payment_methods: [] }, undefined, false);
    expect(state.links[0]!.provider_payment_methods).toEqual(['card', 'sepa_debit']);
    applyProviderConfiguration(state, { provider_payment_methods: ['us_bank_account'] }, undefined, false);
    expect(state.links[0]!.provider_payment_methods).toEqual(['us_bank_account']);
  });

  it('a code of another type, or an unknown code, for the current provider is refused', () => {
    expect(applyProviderConfiguration(linkedToStripe(), { payment_provider_code: 'gc' }, found('gc', 'gocardless'), false)).toBe('payment_provider_not_found');
    expect(applyProviderConfiguration(linkedToStripe(), { payment_provider_code: 'nope' }, { status: 'not_found' }, false)).toBe('payment_provider_not_found');
    const state = linkedToStripe();
    expect(applyProviderConfiguration(state, { payment_provider_code: 'stripe_2' }, found('stripe_2'), false)).toBeNull();
    expect(state.paymentProviderCode).toBe('stripe_2');
    expect(state.links[0]!.code).toBe('stripe_2');
  });

  it('a customer without a provider id who asks for sync takes the create path again', () => {
    const state: ProviderState = { paymentProvider: 'stripe', paymentProviderCode: 'S', links: [{ provider: 'stripe', code: 'S', provider_customer_id: null }] };
    expect(applyProviderConfiguration(state, { payment_provider: 'stripe', provider_customer_id: 'cus_9' }, found('S'), false)).toBeNull();
    expect(providerBillingView(state)).toEqual({ provider_customer_id: 'cus_9', provider_payment_methods: ['card'] });
  });

  it('an absent billing_configuration, or one without provider keys, changes nothing', () => {
    const state = linkedToStripe();
    expect(applyProviderConfiguration(state, undefined, undefined, false)).toBeNull();
    expect(applyProviderConfiguration(state, { invoice_grace_period: 3 }, undefined, false)).toBeNull();
    expect(state).toEqual(linkedToStripe());
  });
});
