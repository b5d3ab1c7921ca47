import type { PaymentProviderType } from '@app/contracts';
import { AdyenProvider } from './adyen.provider';
import { GoCardlessProvider } from './gocardless.provider';
import type { PaymentProvider, ProviderEndpoints } from './payment-provider';
import { StripeProvider } from './stripe.provider';

/**
 * The three adapters, built once with the same endpoints and timeout (a plain class: the module
 * that needs it provides it with a factory).
 */
export class ProviderRegistry {
  private readonly providers: Record<PaymentProviderType, PaymentProvider>;

  constructor(endpoints: ProviderEndpoints) {
    this.providers = {
      stripe: new StripeProvider(endpoints),
      adyen: new AdyenProvider(endpoints),
      gocardless: new GoCardlessProvider(endpoints),
    };
  }

  /** The adapter of a provider type; throws for a type we have no adapter for. */
  get(type: PaymentProviderType): PaymentProvider {
    const provider = this.providers[type] as PaymentProvider | undefined;
    if (!provider) throw new Error(`No payment provider adapter for type ${String(type)}`);
    return provider;
  }
}
