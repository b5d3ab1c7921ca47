import type { Options } from '@mikro-orm/postgresql';
import { serviceOrmOptions } from '@app/messaging';
import { Migration20261121000000Initial } from '../migrations/Migration20261121000000Initial';
import { Migration20261121020000Taxes } from '../migrations/Migration20261121020000Taxes';
import { Migration20261121060000AddOns } from '../migrations/Migration20261121060000AddOns';
import { AddOn } from '../add-ons/add-on.entity';
import { Migration20261121070000Invoices } from '../migrations/Migration20261121070000Invoices';
import { Migration20261121080000Payments } from '../migrations/Migration20261121080000Payments';
import { Migration20261121090000BillingEntitySequence } from '../migrations/Migration20261121090000BillingEntitySequence';
import { Migration20261121100000CreditNotes } from '../migrations/Migration20261121100000CreditNotes';
import { CreditNote } from '../credit-notes/credit-note.entity';
import { Payment } from '../payments/payment.entity';
import { Invoice } from '../invoices/invoice.entity';
import { PaymentRequest } from '../payment-requests/payment-request.entity';
import { CustomerReplica } from '../replicas/customer-replica.entity';
import { Tax } from '../taxes/tax.entity';

/** MikroORM options of the invoicing database. */
export function invoicingOrmConfig(databaseUrl: string, poolMax?: number): Options {
  return serviceOrmOptions({
    databaseUrl,
    poolMax,
    entities: [CustomerReplica, Tax, AddOn, Invoice, PaymentRequest, Payment, CreditNote],
    migrations: [
      { name: 'Migration20261121000000Initial', class: Migration20261121000000Initial },
      { name: 'Migration20261121020000Taxes', class: Migration20261121020000Taxes },
      { name: 'Migration20261121060000AddOns', class: Migration20261121060000AddOns },
      { name: 'Migration20261121070000Invoices', class: Migration20261121070000Invoices },
      { name: 'Migration20261121080000Payments', class: Migration20261121080000Payments },
      { name: 'Migration20261121090000BillingEntitySequence', class: Migration20261121090000BillingEntitySequence },
      { name: 'Migration20261121100000CreditNotes', class: Migration20261121100000CreditNotes },
    ],
  });
}
