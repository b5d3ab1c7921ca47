import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ClientKafka, type KafkaOptions } from '@nestjs/microservices';
import { lastValueFrom, timeout, TimeoutError } from 'rxjs';
import { fail, type RpcReplyV1, type RpcRequestV1, type RpcTopic } from '@app/contracts';
import { restartAfterFatalCrash } from '../kafka/crash-restart';
import { kafkaClientConfig, type KafkaSettings } from '../kafka/kafka-config';
import { coalesceSends } from '../kafka/coalescing-send';

/** How the gateway reaches the owning services. */
export interface RpcClientSettings {
  /** Kafka connection. */
  kafka: KafkaSettings;
  /** RPC topics this client sends to (their replies are subscribed before connecting). */
  topics: RpcTopic[];
  /** How long to wait for a reply before answering `service_unavailable`. */
  timeoutMs: number;
  /** Unique per process: every instance gets every reply partition, so it can always be answered. */
  instanceId: string;
}

/** Options of the NestJS Kafka client used for request-reply. */
export function rpcClientOptions(settings: RpcClientSettings): KafkaOptions['options'] {
  return {
    client: kafkaClientConfig(settings.kafka),
    consumer: {
      groupId: `${settings.kafka.clientId}-replies`,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      rebalanceTimeout: 10_000,
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
    },
    producer: { allowAutoTopicCreation: false },
    // The reply group is new with every process (instanceId) and starts at the latest offset, so
    // its committed offsets are never read: committing them was one broker write per reply.
    run: { autoCommit: false },
    postfixId: `-${settings.instanceId}`,
  };
}

/**
 * Nest's Kafka client with a producer that merges the requests sent while one is in flight into
 * one produce request (`coalesceSends`): a loaded gateway made one produce request per HTTP request.
 */
class CoalescingClientKafka extends ClientKafka {
  protected override registerProducerEventListeners(): void {
    super.registerProducerEventListeners();
    if (this._producer) coalesceSends(this._producer);
  }
}

/**
 * Request-reply over Kafka with a deadline. A request that gets no reply in time (broker or
 * owner down) answers `service_unavailable`; it never hangs the HTTP request.
 */
export class RpcClient implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RpcClient.name);
  private readonly client: ClientKafka;
  private closing = false;

  constructor(private readonly settings: RpcClientSettings) {
    this.client = new CoalescingClientKafka(rpcClientOptions(settings) ?? {});
  }

  async onModuleInit(): Promise<void> {
    for (const topic of this.settings.topics) this.client.subscribeToResponseOf(topic);
    await this.client.connect();
    // The reply consumer, if it crashes for good, is run again: without it every request ends in 503.
    const replies = this.client.consumer;
    restartAfterFatalCrash(replies, () => this.client.bindTopics(), this.logger, () => this.closing);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.client.close();
  }

  /** The deadline to put in a request sent now. */
  deadline(): string {
    return new Date(Date.now() + this.settings.timeoutMs).toISOString();
  }

  async request<T>(topic: RpcTopic, key: string, request: RpcRequestV1): Promise<RpcReplyV1<T>> {
    try {
      const reply$ = this.client.send<RpcReplyV1<T>>(topic, { key, value: request }).pipe(timeout({ first: this.settings.timeoutMs }));
      return await lastValueFrom(reply$);
    } catch (error) {
      if (error instanceof TimeoutError) {
        this.logger.warn(`${request.type} ${request.request_id}: no reply within ${this.settings.timeoutMs} ms`);
      } else {
        this.logger.warn(`${request.type} ${request.request_id}: ${error instanceof Error ? error.message : String(error)}`);
      }
      return fail('service_unavailable');
    }
  }
}
