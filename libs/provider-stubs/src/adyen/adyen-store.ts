import { Collection, type Collections, clearCollections } from '../core/collection';
import { adyenReference } from '../core/ids';
import type { AdyenKinds, AdyenStoredPaymentMethod } from './adyen-types';

/** In-memory Adyen merchant of the stand-in. */
export class AdyenStore {
  readonly tables: Collections<AdyenKinds> = {
    payments: new Collection(),
    payment_links: new Collection(),
    stored_payment_methods: new Collection(),
  };

  /** Stores a Visa card for `shopperReference` (what completing a zero-amount link does). */
  addStoredCard(shopperReference: string): AdyenStoredPaymentMethod {
    const card: AdyenStoredPaymentMethod = {
      id: adyenReference(),
      shopperReference,
      type: 'scheme',
      brand: 'visa',
      lastFour: '1111',
      expiryMonth: '03',
      expiryYear: '2030',
      holderName: 'Checkout Shopper PlaceHolder',
      supportedShopperInteractions: ['Ecommerce', 'ContAuth'],
      supportedRecurringProcessingModels: ['CardOnFile', 'Subscription', 'UnscheduledCardOnFile'],
    };
    return this.tables.stored_payment_methods.put(card.id, card);
  }

  /** The shopper's stored cards, newest first. */
  storedFor(shopperReference: string): AdyenStoredPaymentMethod[] {
    return this.tables.stored_payment_methods
      .list()
      .filter((m) => m.shopperReference === shopperReference)
      .reverse();
  }

  /** Forgets everything. */
  clear(): void {
    clearCollections(this.tables);
  }
}
