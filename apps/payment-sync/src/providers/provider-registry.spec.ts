import { AdyenProvider } from './adyen.provider';
import { GoCardlessProvider } from './gocardless.provider';
import type { PaymentProvider } from './payment-provider';
import { ProviderRegistry } from './provider-registry';
import { StripeProvider } from './stripe.provider';

describe('ProviderRegistry', () => {
  const registry = new ProviderRegistry({ timeoutMs: 1000 });

  it.each([
    ['stripe', StripeProvider],
    ['adyen', AdyenProvider],
    ['gocardless', GoCardlessProvider],
  ] as const)('returns the %s adapter, the same instance every time', (type, adapter) => {
    const provider: PaymentProvider = registry.get(type);
    expect(provider).toBeInstanceOf(adapter);
    expect(provider.type).toBe(type);
    expect(registry.get(type)).toBe(provider);
  });

  it('throws for a type it has no adapter for', () => {
    expect(() => registry.get('cashfree' as never)).toThrow('No payment provider adapter for type cashfree');
  });
});
