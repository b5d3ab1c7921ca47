import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { OrganizationContextV1, RpcReplyV1, RpcRequestV1, RpcTopic } from '@app/contracts';
import { RpcClient } from '@app/messaging';
import { LagoError } from './lago-errors';

/** Sends a request to the owning service and returns its value, or throws the Lago error for its refusal. */
@Injectable()
export class OwnerRequests {
  constructor(private readonly rpc: RpcClient) {}

  async send<T>(...args: Parameters<OwnerRequests['reply']>): Promise<T> {
    const reply = await this.reply<T>(...args);
    if (!reply.ok) throw LagoError.fromRpc(reply.error);
    return reply.value;
  }

  /** The owner's reply as it came, refusals included (for callers that word them in another API's terms). */
  async reply<T>(
    topic: RpcTopic,
    type: string,
    organization: OrganizationContextV1,
    key: string,
    payload: object,
    idempotencyKey?: string,
  ): Promise<RpcReplyV1<T>> {
    const requestId = idempotencyKey ?? randomUUID();
    const request: RpcRequestV1 = {
      request_id: requestId,
      type,
      organization,
      correlation_id: randomUUID(),
      deadline: this.rpc.deadline(),
      payload,
    };
    return this.rpc.request<T>(topic, `${organization.id}:${key}`, request);
  }
}
