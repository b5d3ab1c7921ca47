import { Logger } from '@nestjs/common';
import { fail, type RpcReplyV1, type RpcRequestV1 } from '@app/contracts';
import { isTransientError } from '../database/transient';

/** A route of an RPC topic: one request type, one use case. */
export type RpcRoute = (request: RpcRequestV1<never>) => Promise<RpcReplyV1<unknown>>;

const logger = new Logger('Rpc');

/** A reply as NestJS must send it: wrapped as a Kafka message, since Nest's serializer would
 * otherwise take any reply object with a `value` key for a message and send only that key. */
export interface RpcReplyMessage {
  value: RpcReplyV1<unknown>;
}

/** Parks a request that can never be executed (see `DeadLetterQueue.parking`). */
export type ParkRequest = (reason: string) => Promise<void>;

/**
 * Dispatches an RPC request to the route for its type and always answers with an
 * `RpcReplyV1`: refusals come from the use case, and an unexpected failure becomes
 * `internal_error` (or `service_unavailable` when the database is down) without its message.
 * A request past its deadline is not executed at all. A message that is no request of this
 * service (not a request, or of an unknown type) is `bad_request`, and with `park` it is also
 * copied to the topic's dead-letter queue with the reason, like a poison event.
 */
export async function handleRpc(raw: unknown, routes: Record<string, RpcRoute>, park?: ParkRequest): Promise<RpcReplyMessage> {
  return { value: await dispatch(raw, routes, park) };
}

async function dispatch(raw: unknown, routes: Record<string, RpcRoute>, park: ParkRequest | undefined): Promise<RpcReplyV1<unknown>> {
  const invalid = invalidFields(raw);
  if (invalid.length > 0) return refuse(park, `not an RPC request: ${invalid.join(', ')}`);
  const request = raw as RpcRequestV1;
  const route = Object.hasOwn(routes, request.type) ? routes[request.type] : undefined;
  if (!route) return refuse(park, `unknown request type ${JSON.stringify(request.type.slice(0, 100))}`);
  if (Date.parse(request.deadline) < Date.now()) {
    logger.warn(`${request.type} ${request.request_id} dropped: past its deadline ${request.deadline}`);
    return fail('service_unavailable');
  }
  try {
    return await route(request as RpcRequestV1<never>);
  } catch (error) {
    const transient = isTransientError(error);
    logger.error(`${request.type} ${request.request_id} failed: ${error instanceof Error ? error.stack : String(error)}`);
    return fail(transient ? 'service_unavailable' : 'internal_error');
  }
}

async function refuse(park: ParkRequest | undefined, reason: string): Promise<RpcReplyV1<never>> {
  await park?.(reason);
  return fail('bad_request');
}

/** The fields that keep `raw` from being an RpcRequestV1 (all of them when it is no object). */
function invalidFields(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return ['value is not a JSON object'];
  const r = raw as Partial<RpcRequestV1>;
  const checks: [string, boolean][] = [
    ['request_id', typeof r.request_id === 'string'],
    ['type', typeof r.type === 'string'],
    ['deadline', typeof r.deadline === 'string' && !Number.isNaN(Date.parse(r.deadline))],
    ['organization', typeof r.organization === 'object' && r.organization !== null && typeof r.organization.id === 'string'],
    ['payload', typeof r.payload === 'object' && r.payload !== null],
  ];
  return checks.filter(([, valid]) => !valid).map(([field]) => field);
}
