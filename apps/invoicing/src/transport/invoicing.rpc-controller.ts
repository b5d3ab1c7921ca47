import { Controller } from '@nestjs/common';
import { Ctx, KafkaContext, MessagePattern, Payload } from '@nestjs/microservices';
import { ADD_ON_REQUESTS, CREDIT_NOTE_REQUESTS, INVOICE_PAYMENT_REQUESTS, INVOICE_REQUESTS, PAYMENT_REQUEST_REQUESTS, RPC_TOPICS, TAX_REQUESTS } from '@app/contracts';
import { DeadLetterQueue, handleRpc, type RpcReplyMessage } from '@app/messaging';
import { AddOnCommands } from '../add-ons/use-cases/add-on-commands';
import { AddOnQueries } from '../add-ons/use-cases/add-on-queries';
import { CreateOneOffInvoice } from '../invoices/use-cases/create-one-off-invoice';
import { InvoiceQueries } from '../invoices/use-cases/invoice-queries';
import { UpdateInvoice } from '../invoices/use-cases/update-invoice';
import { CreditNoteCommands } from '../credit-notes/use-cases/credit-note-commands';
import { CreditNoteQueries } from '../credit-notes/use-cases/credit-note-queries';
import { CreateManualPayment } from '../payments/use-cases/create-manual-payment';
import { PaymentQueries } from '../payments/use-cases/payment-queries';
import { CreatePaymentRequest } from '../payment-requests/use-cases/create-payment-request';
import { PaymentRequestQueries } from '../payment-requests/use-cases/payment-request-queries';
import { CreateTax } from '../taxes/use-cases/create-tax.use-case';
import { DeleteTax } from '../taxes/use-cases/delete-tax.use-case';
import { GetTax, ListTaxes, ResolveTaxes } from '../taxes/use-cases/tax-queries';
import { UpdateTax } from '../taxes/use-cases/update-tax.use-case';

/** Commands and queries from the gateway to invoicing. */
@Controller()
export class InvoicingRpcController {
  constructor(
    private readonly createTax: CreateTax,
    private readonly updateTax: UpdateTax,
    private readonly deleteTax: DeleteTax,
    private readonly getTax: GetTax,
    private readonly listTaxes: ListTaxes,
    private readonly resolveTaxes: ResolveTaxes,
    private readonly addOnCommands: AddOnCommands,
    private readonly addOnQueries: AddOnQueries,
    private readonly createOneOffInvoice: CreateOneOffInvoice,
    private readonly invoiceQueries: InvoiceQueries,
    private readonly updateInvoice: UpdateInvoice,
    private readonly createPaymentRequest: CreatePaymentRequest,
    private readonly paymentRequestQueries: PaymentRequestQueries,
    private readonly createManualPayment: CreateManualPayment,
    private readonly paymentQueries: PaymentQueries,
    private readonly creditNoteCommands: CreditNoteCommands,
    private readonly creditNoteQueries: CreditNoteQueries,
    private readonly deadLetters: DeadLetterQueue,
  ) {}

  @MessagePattern(RPC_TOPICS.invoicing)
  handle(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<RpcReplyMessage> {
    return handleRpc(raw, {
      [TAX_REQUESTS.create]: (r) => this.createTax.execute(r),
      [TAX_REQUESTS.update]: (r) => this.updateTax.execute(r),
      [TAX_REQUESTS.delete]: (r) => this.deleteTax.execute(r),
      [TAX_REQUESTS.get]: (r) => this.getTax.execute(r),
      [TAX_REQUESTS.list]: (r) => this.listTaxes.execute(r),
      [TAX_REQUESTS.resolve]: (r) => this.resolveTaxes.execute(r),
      [ADD_ON_REQUESTS.create]: (r) => this.addOnCommands.create(r),
      [ADD_ON_REQUESTS.update]: (r) => this.addOnCommands.update(r),
      [ADD_ON_REQUESTS.delete]: (r) => this.addOnCommands.delete(r),
      [ADD_ON_REQUESTS.get]: (r) => this.addOnQueries.get(r),
      [ADD_ON_REQUESTS.list]: (r) => this.addOnQueries.list(r),
      [INVOICE_REQUESTS.createOneOff]: (r) => this.createOneOffInvoice.execute(r),
      [INVOICE_REQUESTS.get]: (r) => this.invoiceQueries.get(r),
      [INVOICE_REQUESTS.list]: (r) => this.invoiceQueries.list(r),
      [INVOICE_REQUESTS.update]: (r) => this.updateInvoice.execute(r),
      [INVOICE_REQUESTS.void]: (r) => this.updateInvoice.void(r),
      [INVOICE_REQUESTS.loseDispute]: (r) => this.updateInvoice.loseDispute(r),
      [INVOICE_REQUESTS.customerHasInvoices]: (r) => this.invoiceQueries.customerHasInvoices(r),
      [PAYMENT_REQUEST_REQUESTS.create]: (r) => this.createPaymentRequest.execute(r),
      [PAYMENT_REQUEST_REQUESTS.get]: (r) => this.paymentRequestQueries.get(r),
      [PAYMENT_REQUEST_REQUESTS.list]: (r) => this.paymentRequestQueries.list(r),
      [INVOICE_PAYMENT_REQUESTS.createManual]: (r) => this.createManualPayment.execute(r),
      [INVOICE_PAYMENT_REQUESTS.get]: (r) => this.paymentQueries.get(r),
      [INVOICE_PAYMENT_REQUESTS.list]: (r) => this.paymentQueries.list(r),
      [CREDIT_NOTE_REQUESTS.create]: (r) => this.creditNoteCommands.create(r),
      [CREDIT_NOTE_REQUESTS.update]: (r) => this.creditNoteCommands.updateRefundStatus(r),
      [CREDIT_NOTE_REQUESTS.void]: (r) => this.creditNoteCommands.void(r),
      [CREDIT_NOTE_REQUESTS.get]: (r) => this.creditNoteQueries.get(r),
      [CREDIT_NOTE_REQUESTS.list]: (r) => this.creditNoteQueries.list(r),
    }, this.deadLetters.parking(raw, ctx, 'invoicing.rpc'));
  }
}
