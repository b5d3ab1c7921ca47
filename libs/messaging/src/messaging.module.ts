import { type DynamicModule, Module } from '@nestjs/common';
import { DeadLetterQueue } from './consumer/dead-letter-queue';
import { EventConsumer } from './consumer/event-consumer';
import { Inbox } from './inbox/inbox';
import { KafkaProducer } from './kafka/kafka-producer';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { UnitOfWork } from './unit-of-work';

/** Closes the producer after the relay and the consumers have stopped. */
class ClosingKafkaProducer extends KafkaProducer {
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

/**
 * The outbox, its relay, the inbox, the event consumer with dead-lettering and the unit of work
 * of one service. Needs the service's `MikroOrmModule` to be imported alongside.
 */
@Module({})
export class MessagingModule {
  static forService(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: KafkaProducer, useFactory: () => new ClosingKafkaProducer(options.kafka) },
        { provide: Outbox, useFactory: () => new Outbox(options.service) },
        OutboxRelay,
        UnitOfWork,
        Inbox,
        DeadLetterQueue,
        EventConsumer,
      ],
      exports: [MESSAGING_OPTIONS, KafkaProducer, Outbox, OutboxRelay, UnitOfWork, Inbox, DeadLetterQueue, EventConsumer],
    };
  }
}
