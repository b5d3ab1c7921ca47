import { Controller } from '@nestjs/common';
import { Ctx, KafkaContext, MessagePattern, Payload } from '@nestjs/microservices';
import { PAYMENT_PROVIDER_REQUESTS, PROVIDER_WEBHOOK_REQUESTS, RPC_TOPICS } from '@app/contracts';
import { DeadLetterQueue, handleRpc, type RpcReplyMessage } from '@app/messaging';
import { ConnectionCommands } from '../use-cases/connection-commands';
import { ConnectionQueries } from '../use-cases/connection-queries';
import { WebhookReceiver } from '../../webhooks/webhook-receiver';

/** Commands and queries from the gateway to payment-sync, and the provider webhooks it received. */
@Controller()
export class PaymentSyncRpcController {
  constructor(
    private readonly commands: ConnectionCommands,
    private readonly queries: ConnectionQueries,
    private readonly webhooks: WebhookReceiver,
    private readonly deadLetters: DeadLetterQueue,
  ) {}

  @MessagePattern(RPC_TOPICS.paymentSync)
  handle(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<RpcReplyMessage> {
    return handleRpc(raw, {
      [PAYMENT_PROVIDER_REQUESTS.create]: (r) => this.commands.create(r),
      [PAYMENT_PROVIDER_REQUESTS.update]: (r) => this.commands.update(r),
      [PAYMENT_PROVIDER_REQUESTS.delete]: (r) => this.commands.delete(r),
      [PAYMENT_PROVIDER_REQUESTS.get]: (r) => this.queries.get(r),
      [PAYMENT_PROVIDER_REQUESTS.list]: (r) => this.queries.list(r),
      [PAYMENT_PROVIDER_REQUESTS.resolve]: (r) => this.queries.resolve(r),
      [PROVIDER_WEBHOOK_REQUESTS.receive]: (r) => this.webhooks.receive(r),
    }, this.deadLetters.parking(raw, ctx, 'payment-sync.rpc'));
  }
}
