import { Controller } from '@nestjs/common';
import { Ctx, KafkaContext, MessagePattern, Payload } from '@nestjs/microservices';
import { CHARGEOVER_CUSTOMER_REQUESTS, CUSTOMER_REQUESTS, RPC_TOPICS } from '@app/contracts';
import { DeadLetterQueue, handleRpc, type RpcReplyMessage } from '@app/messaging';
import { CreateChargeOverCustomer, UpdateChargeOverCustomer } from '../use-cases/chargeover-customer.commands';
import { ChargeOverCustomerQueries } from '../use-cases/chargeover-customers.query';
import { DeleteCustomer } from '../use-cases/delete-customer.use-case';
import { GetCustomer } from '../use-cases/get-customer.query';
import { ListCustomers } from '../use-cases/list-customers.query';
import { UpsertCustomer } from '../use-cases/upsert-customer.use-case';

/** Commands and queries from the gateway. */
@Controller()
export class CustomersRpcController {
  constructor(
    private readonly upsertCustomer: UpsertCustomer,
    private readonly getCustomer: GetCustomer,
    private readonly listCustomers: ListCustomers,
    private readonly deleteCustomer: DeleteCustomer,
    private readonly createChargeOver: CreateChargeOverCustomer,
    private readonly updateChargeOver: UpdateChargeOverCustomer,
    private readonly chargeOverQueries: ChargeOverCustomerQueries,
    private readonly deadLetters: DeadLetterQueue,
  ) {}

  @MessagePattern(RPC_TOPICS.customers)
  handle(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<RpcReplyMessage> {
    return handleRpc(raw, {
      [CUSTOMER_REQUESTS.upsert]: (r) => this.upsertCustomer.execute(r),
      [CUSTOMER_REQUESTS.get]: (r) => this.getCustomer.execute(r),
      [CUSTOMER_REQUESTS.list]: (r) => this.listCustomers.execute(r),
      [CUSTOMER_REQUESTS.delete]: (r) => this.deleteCustomer.execute(r),
      [CHARGEOVER_CUSTOMER_REQUESTS.create]: (r) => this.createChargeOver.execute(r),
      [CHARGEOVER_CUSTOMER_REQUESTS.update]: (r) => this.updateChargeOver.execute(r),
      [CHARGEOVER_CUSTOMER_REQUESTS.get]: (r) => this.chargeOverQueries.get(r),
      [CHARGEOVER_CUSTOMER_REQUESTS.query]: (r) => this.chargeOverQueries.query(r),
      [CHARGEOVER_CUSTOMER_REQUESTS.count]: (r) => this.chargeOverQueries.count(r),
      [CHARGEOVER_CUSTOMER_REQUESTS.delete]: (r) => this.deleteCustomer.execute(r),
    }, this.deadLetters.parking(raw, ctx, 'customers.rpc'));
  }
}
