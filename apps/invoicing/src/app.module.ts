import { type DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { HealthController, MessagingModule, Outbox, UnitOfWork } from '@app/messaging';
import type { InvoicingEnv } from './config/invoicing.env';
import { invoicingOrmConfig } from './config/mikro-orm.config';
import { CustomerEventsConsumer } from './replicas/customer-events.consumer';
import { InvoicingRpcController } from './transport/invoicing.rpc-controller';
import { CreateTax } from './taxes/use-cases/create-tax.use-case';
import { DeleteTax } from './taxes/use-cases/delete-tax.use-case';
import { GetTax, ListTaxes, ResolveTaxes } from './taxes/use-cases/tax-queries';
import { AddOnCommands } from './add-ons/use-cases/add-on-commands';
import { AddOnQueries } from './add-ons/use-cases/add-on-queries';
import { CreateOneOffInvoice } from './invoices/use-cases/create-one-off-invoice';
import { InvoiceQueries } from './invoices/use-cases/invoice-queries';
import { OverdueSweep } from './invoices/use-cases/overdue-sweep';
import { UpdateInvoice } from './invoices/use-cases/update-invoice';
import { PaymentEventsConsumer } from './payment-requests/payment-events.consumer';
import { CreatePaymentRequest } from './payment-requests/use-cases/create-payment-request';
import { PaymentRequestQueries } from './payment-requests/use-cases/payment-request-queries';
import { CreateManualPayment } from './payments/use-cases/create-manual-payment';
import { CreditNoteCommands } from './credit-notes/use-cases/credit-note-commands';
import { CreditNoteQueries } from './credit-notes/use-cases/credit-note-queries';
import { PaymentQueries } from './payments/use-cases/payment-queries';
import { UpdateTax } from './taxes/use-cases/update-tax.use-case';

@Module({})
export class AppModule {
  static register(env: InvoicingEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MikroOrmModule.forRoot({ ...invoicingOrmConfig(env.databaseUrl, env.dbPoolMax), registerRequestContext: false }),
        MessagingModule.forService({ service: 'invoicing', kafka: env.kafka, relay: { enabled: env.outboxRelayEnabled } }),
      ],
      controllers: [CustomerEventsConsumer, PaymentEventsConsumer, InvoicingRpcController, HealthController],
      providers: [
        CreateTax,
        UpdateTax,
        DeleteTax,
        GetTax,
        ListTaxes,
        ResolveTaxes,
        AddOnCommands,
        AddOnQueries,
        CreateOneOffInvoice,
        InvoiceQueries,
        UpdateInvoice,
        CreatePaymentRequest,
        PaymentRequestQueries,
        CreateManualPayment,
        PaymentQueries,
        CreditNoteCommands,
        CreditNoteQueries,
        { provide: OverdueSweep, inject: [UnitOfWork, Outbox], useFactory: (uow: UnitOfWork, outbox: Outbox) => new OverdueSweep(uow, outbox, env.overdueSweepIntervalMs) },
      ],
    };
  }
}
