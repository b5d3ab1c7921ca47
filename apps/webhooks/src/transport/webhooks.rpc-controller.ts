import { Controller } from '@nestjs/common';
import { Ctx, KafkaContext, MessagePattern, Payload } from '@nestjs/microservices';
import { RPC_TOPICS, WEBHOOK_REQUESTS } from '@app/contracts';
import { DeadLetterQueue, handleRpc, type RpcReplyMessage } from '@app/messaging';
import { WebhookEndpoints } from '../endpoints/webhook-endpoints.service';

/** Commands and queries from the gateway. */
@Controller()
export class WebhooksRpcController {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly deadLetters: DeadLetterQueue,
  ) {}

  @MessagePattern(RPC_TOPICS.webhooks)
  handle(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<RpcReplyMessage> {
    return handleRpc(raw, {
      [WEBHOOK_REQUESTS.createEndpoint]: (r) => this.endpoints.create(r),
      [WEBHOOK_REQUESTS.updateEndpoint]: (r) => this.endpoints.update(r),
      [WEBHOOK_REQUESTS.deleteEndpoint]: (r) => this.endpoints.remove(r),
      [WEBHOOK_REQUESTS.getEndpoint]: (r) => this.endpoints.get(r),
      [WEBHOOK_REQUESTS.listEndpoints]: (r) => this.endpoints.list(r),
      [WEBHOOK_REQUESTS.listWebhooks]: (r) => this.endpoints.listWebhooks(r),
      [WEBHOOK_REQUESTS.getWebhook]: (r) => this.endpoints.getWebhook(r),
      [WEBHOOK_REQUESTS.retryWebhook]: (r) => this.endpoints.retryWebhook(r),
      [WEBHOOK_REQUESTS.signingKeys]: (r) => this.endpoints.signingKeys(r),
    }, this.deadLetters.parking(raw, ctx, 'webhooks.rpc'));
  }
}
