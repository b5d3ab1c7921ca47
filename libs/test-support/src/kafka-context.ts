import { KafkaContext } from '@nestjs/microservices';

/** Where a fake consumed message came from. */
export interface FakeMessageOrigin {
  topic: string;
  partition?: number;
  offset?: string;
  key?: string;
  headers?: Record<string, string>;
}

/** A `KafkaContext` as Nest builds it for a consumed message, for calling consumers directly. */
export function fakeKafkaContext(value: unknown, origin: FakeMessageOrigin): KafkaContext {
  const message = {
    key: origin.key ?? null,
    value,
    headers: origin.headers ?? {},
    offset: origin.offset ?? '0',
    timestamp: String(Date.now()),
    attributes: 0,
    size: 0,
  };
  const heartbeat = async () => undefined;
  return new KafkaContext([message as never, origin.partition ?? 0, origin.topic, {} as never, heartbeat, {} as never]);
}
