import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChargeOverCustomerV1, CustomerAmountsV1 } from '@app/contracts';
import { InvoiceAmountsRepository } from '../replicas/invoice-amounts.repository';
import type { Customer } from './customer.entity';
import { toCustomerV1 } from './customer.mapper';

const NO_INVOICES: CustomerAmountsV1 = { total_cents: 0, paid_cents: 0, balance_cents: 0, overdue: false };

/** The records the ChargeOver API renders: the Lago object, ChargeOver's own fields and the invoice amounts. */
export async function toChargeOverCustomerV1(em: EntityManager, customers: Customer[]): Promise<ChargeOverCustomerV1[]> {
  const amounts = await new InvoiceAmountsRepository(em).amountsOf(customers.map((c) => c.id));
  return customers.map((c) => ({
    customer: toCustomerV1(c),
    extras: c.chargeover,
    external_id_generated: c.externalIdGenerated,
    amounts: amounts.get(c.id) ?? NO_INVOICES,
  }));
}
