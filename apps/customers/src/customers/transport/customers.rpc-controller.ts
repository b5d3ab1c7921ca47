import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CUSTOMER_REQUESTS, RPC_TOPICS } from '@app/contracts';
import { handleRpc, type RpcReplyMessage } from '@app/messaging';
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
  ) {}

  @MessagePattern(RPC_TOPICS.customers)
  handle(@Payload() raw: unknown): Promise<RpcReplyMessage> {
    return handleRpc(raw, {
      [CUSTOMER_REQUESTS.upsert]: (r) => this.upsertCustomer.execute(r),
      [CUSTOMER_REQUESTS.get]: (r) => this.getCustomer.execute(r),
      [CUSTOMER_REQUESTS.list]: (r) => this.listCustomers.execute(r),
      [CUSTOMER_REQUESTS.delete]: (r) => this.deleteCustomer.execute(r),
    });
  }
}
