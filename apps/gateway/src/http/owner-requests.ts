import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { OrganizationContextV1, RpcRequestV1, RpcTopic } from '@app/contracts';
import { RpcClient } from '@app/messaging';
import { LagoError } from './lago-errors';

/** Sends a request to the owning service and returns its value, or throws the Lago error for its refusal. */
@Injectable()
export class OwnerRequests {
  constructor(private readonly rpc: RpcClient) {}

  async send<T>(
    topic: RpcTopic,
    type: string,
    organization: OrganizationContextV1,
    key: string,
    payload: object,
    idempotencyKey?: string,
  ): Promise<T> {
    const requestId = idempotencyKey ?? randomUUID();
    const request: RpcRequestV1 = {
      request_id: requestId,
      type,
      organization,
      correlation_id: randomUUID(),
      deadline: this.rpc.deadline(),
      payload,
    };
    const reply = await this.rpc.request<T>(topic, `${organization.id}:${key}`, request);
    if (!reply.ok) throw LagoError.fromRpc(reply.error);
    return reply.value;
  }
}
