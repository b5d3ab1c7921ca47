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

/**
 * Dispatches an RPC request to the route for its type and always answers with an
 * `RpcReplyV1`: refusals come from the use case, and an unexpected failure becomes
 * `internal_error` (or `service_unavailable` when the database is down) without its message.
 * A request past its deadline is not executed at all.
 */
export async function handleRpc(raw: unknown, routes: Record<string, RpcRoute>): Promise<RpcReplyMessage> {
  return { value: await dispatch(raw, routes) };
}

async function dispatch(raw: unknown, routes: Record<string, RpcRoute>): Promise<RpcReplyV1<unknown>> {
  if (!isRequest(raw)) return fail('bad_request');
  const route = Object.hasOwn(routes, raw.type) ? routes[raw.type] : undefined;
  if (!route) return fail('bad_request');
  if (Date.parse(raw.deadline) < Date.now()) {
    logger.warn(`${raw.type} ${raw.request_id} dropped: past its deadline ${raw.deadline}`);
    return fail('service_unavailable');
  }
  try {
    return await route(raw as RpcRequestV1<never>);
  } catch (error) {
    const transient = isTransientError(error);
    logger.error(`${raw.type} ${raw.request_id} failed: ${error instanceof Error ? error.stack : String(error)}`);
    return fail(transient ? 'service_unavailable' : 'internal_error');
  }
}

function isRequest(raw: unknown): raw is RpcRequestV1 {
  if (typeof raw !== 'object' || raw === null) return false;
  const r = raw as Partial<RpcRequestV1>;
  return (
    typeof r.request_id === 'string' &&
    typeof r.type === 'string' &&
    typeof r.deadline === 'string' &&
    !Number.isNaN(Date.parse(r.deadline)) &&
    typeof r.organization === 'object' &&
    r.organization !== null &&
    typeof r.organization.id === 'string' &&
    typeof r.payload === 'object' &&
    r.payload !== null
  );
}
