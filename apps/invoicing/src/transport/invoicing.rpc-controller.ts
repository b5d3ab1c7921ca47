import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC_TOPICS, TAX_REQUESTS } from '@app/contracts';
import { handleRpc, type RpcReplyMessage } from '@app/messaging';
import { CreateTax } from '../use-cases/create-tax.use-case';
import { DeleteTax } from '../use-cases/delete-tax.use-case';
import { GetTax, ListTaxes, ResolveTaxes } from '../use-cases/tax-queries';
import { UpdateTax } from '../use-cases/update-tax.use-case';

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
  ) {}

  @MessagePattern(RPC_TOPICS.invoicing)
  handle(@Payload() raw: unknown): Promise<RpcReplyMessage> {
    return handleRpc(raw, {
      [TAX_REQUESTS.create]: (r) => this.createTax.execute(r),
      [TAX_REQUESTS.update]: (r) => this.updateTax.execute(r),
      [TAX_REQUESTS.delete]: (r) => this.deleteTax.execute(r),
      [TAX_REQUESTS.get]: (r) => this.getTax.execute(r),
      [TAX_REQUESTS.list]: (r) => this.listTaxes.execute(r),
      [TAX_REQUESTS.resolve]: (r) => this.resolveTaxes.execute(r),
    });
  }
}
