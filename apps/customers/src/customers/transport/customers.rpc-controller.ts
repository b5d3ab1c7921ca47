import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CUSTOMER_REQUESTS, RPC_TOPICS } from '@app/contracts';
import { handleRpc, type RpcReplyMessage } from '@app/messaging';
import { GetCustomer } from '../use-cases/get-customer.query';
import { UpsertCustomer } from '../use-cases/upsert-customer.use-case';

/** Commands and queries from the gateway. */
@Controller()
export class CustomersRpcController {
  constructor(
    private readonly upsertCustomer: UpsertCustomer,
    private readonly getCustomer: GetCustomer,
  ) {}

  @MessagePattern(RPC_TOPICS.customers)
  handle(@Payload() raw: unknown): Promise<RpcReplyMessage> {
    return handleRpc(raw, {
      [CUSTOMER_REQUESTS.upsert]: (r) => this.upsertCustomer.execute(r),
      [CUSTOMER_REQUESTS.get]: (r) => this.getCustomer.execute(r),
    });
  }
}
