import { Collection, type Collections, clearCollections } from '../core/collection';
import { stripeId, unixNow } from '../core/ids';
import type { StripeCard, StripeCustomer, StripeKinds, StripePaymentMethod } from './stripe-types';

/** The Visa test card every stand-in card payment method gets unless told otherwise. */
export const DEFAULT_STRIPE_CARD: StripeCard = { last4: '4242', brand: 'visa', display_brand: 'visa', exp_month: 12, exp_year: 2030 };

/** In-memory Stripe account of the stand-in. */
export class StripeStore {
  readonly tables: Collections<StripeKinds> = {
    customers: new Collection(),
    payment_methods: new Collection(),
    payment_intents: new Collection(),
    checkout_sessions: new Collection(),
    webhook_endpoints: new Collection(),
    setup_intents: new Collection(),
  };

  /** A live (not deleted) customer, or undefined. */
  liveCustomer(id: string | null | undefined): StripeCustomer | undefined {
    const customer = id ? this.tables.customers.get(id) : undefined;
    return customer && !customer.deleted ? customer : undefined;
  }

  /** Creates a card payment method attached to `customerId`. */
  addCard(customerId: string, card: Partial<StripeCard> = {}): StripePaymentMethod {
    const pm: StripePaymentMethod = {
      id: stripeId('pm'),
      object: 'payment_method',
      type: 'card',
      created: unixNow(),
      livemode: false,
      customer: customerId,
      card: { ...DEFAULT_STRIPE_CARD, ...card },
      metadata: {},
    };
    return this.tables.payment_methods.put(pm.id, pm);
  }

  /** The customer's payment methods, newest first. */
  paymentMethodsOf(customerId: string): StripePaymentMethod[] {
    return this.tables.payment_methods
      .list()
      .filter((pm) => pm.customer === customerId)
      .reverse();
  }

  /** Forgets everything. */
  clear(): void {
    clearCollections(this.tables);
  }
}
