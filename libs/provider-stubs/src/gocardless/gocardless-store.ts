import { Collection, type Collections, clearCollections } from '../core/collection';
import { goCardlessId, isoDate } from '../core/ids';
import type { GoCardlessCustomer, GoCardlessKinds, GoCardlessMandate } from './gocardless-types';

/** In-memory GoCardless creditor of the stand-in. */
export class GoCardlessStore {
  /** The creditor every mandate and payment links to. */
  creditorId = goCardlessId('CR');

  readonly tables: Collections<GoCardlessKinds> = {
    customers: new Collection(),
    billing_requests: new Collection(),
    billing_request_flows: new Collection(),
    mandates: new Collection(),
    payments: new Collection(),
  };

  /** Creates a customer from the given fields. */
  addCustomer(fields: Partial<Omit<GoCardlessCustomer, 'id' | 'created_at'>> = {}): GoCardlessCustomer {
    const customer: GoCardlessCustomer = {
      id: goCardlessId('CU'),
      created_at: new Date().toISOString(),
      email: null,
      given_name: null,
      family_name: null,
      company_name: null,
      address_line1: null,
      city: null,
      postal_code: null,
      country_code: null,
      language: 'en',
      metadata: {},
      ...fields,
    };
    return this.tables.customers.put(customer.id, customer);
  }

  /** Creates an active Bacs mandate for `customerId`. */
  addMandate(customerId: string): GoCardlessMandate {
    const id = goCardlessId('MD');
    const mandate: GoCardlessMandate = {
      id,
      created_at: new Date().toISOString(),
      reference: `STUB-${id.slice(2, 8)}`,
      status: 'active',
      scheme: 'bacs',
      next_possible_charge_date: isoDate(3),
      payments_require_approval: false,
      metadata: {},
      links: { customer: customerId, creditor: this.creditorId, customer_bank_account: goCardlessId('BA') },
    };
    return this.tables.mandates.put(id, mandate);
  }

  /** Forgets everything and picks a new creditor id. */
  clear(): void {
    clearCollections(this.tables);
    this.creditorId = goCardlessId('CR');
  }
}
